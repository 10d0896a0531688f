/** The public API of the line-protocol core. */
export type * from './model';
export type * from './api';
export * from './products';
export { parseLineProtocol } from './parse/document';
export { parseRegion } from './parse/parseRegion';
export { tableByteSize } from './parse/table';
export { splitDataLines, createSplitter } from './split';
export { LineIndex } from './lineIndex';
export {
  escapeMeasurement,
  escapeTagKey,
  escapeTagValue,
  escapeFieldKey,
  formatStringValue,
  formatFloat,
  formatFieldValue,
  formatPoint,
  pointToInput,
  type PointInput,
} from './serialize';
export { truncateContext } from './parse/messages';
