/**
 * Node-only adapters for the write pipeline (the extension host, the command line): inject
 * `gzipWithZlib` as `WriteOptions.compress` and `fetchTrusting(caPem)` as `WriteOptions.fetch`,
 * and pass `readTextFile(path)` as the source to stream a file from disk.
 */
export { fetchTrusting } from './httpFetch';
export { gzipWithZlib } from './gzip';
export { readTextFile, withoutByteOrderMark } from './file';
