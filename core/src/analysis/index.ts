/**
 * The analysis as the language server and the command line use it: a document under analysis and
 * what it answers (diagnostics, fixes, hovers, completion, the outline), its settings, and the
 * parts a large document is checked in at once. The modules behind it are its own.
 */
export { DocumentAnalysis, type AnalysisOptions } from './analysis';
export { BYTE_ORDER_MARK_CODE, INVALID_UTF8_CODE, isDiagnosticCode, REPLACEMENT_CHARACTER_CODE, type DiagnosticCode, type Severity } from './codes';
export { completionsAt, type CandidateKind } from './completion';
export { BYTE_ORDER_MARK_MESSAGE, byteNotes } from './encoding';
export { fixAll, fixAllTitle, fixesOf, isTried, timestampFixes, type EditorAction, type Fix } from './fixes';
export { hoverAt } from './hover';
export { outline, timestampHints, type OutlineSymbol } from './outline';
export { analyzePart, partBuffers, partCut, type PartAnalysis } from './parts';
export type { Range } from './positions';
export type { PriorFact } from './priorFacts';
export type { AnalysisDiagnostic, FixPayload } from './publish';
export { parseDuration, parseOptionsOf, resolveSettings, type CheckerSettings, type RawSettings } from './settings';
export { currentTimeNs, type Clock } from './time';
export { StoredSchema, type StoredMeasurementInput, type StoredSchemaInput } from './storedFacts';
