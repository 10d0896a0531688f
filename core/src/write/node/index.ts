/**
 * Node-only adapters for the write pipeline (the extension host, the command line): inject
 * `gzipWithZlib` as `WriteOptions.compress` and `fetchTrusting(caPem)` as `WriteOptions.fetch`,
 * and pass `readFileBytes(path)` as the source to stream a file from disk (bytes, never decoded).
 */
export { fetchTrusting } from './httpFetch';
export { gzipWithZlib } from './gzip';
export { bytesOfStream, readFileBytes, readTextFile, withoutByteOrderMark } from './file';
