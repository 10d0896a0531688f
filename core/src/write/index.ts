/**
 * The write pipeline (editor-free): `writeLineProtocol(source, connection, options)` writes line
 * protocol to any InfluxDB product and says, for every data line, whether it was written, rejected
 * (with the server's reason) or not sent (and why). See types.ts for the contract.
 *
 * Node-only adapters (zlib gzip, file streaming) live in `./node/` and are imported separately.
 */
export type { Compress, Connection, Credentials, NotSent, Progress, Rejection, RequestLog, Unconfirmed, WaitEvent, WriteFailure, WriteOptions, WriteReport } from './types';
export { writeLineProtocol } from './pipeline';
export { defaultConnectionLimits, type ConnectionLimits } from './limits';
export { bucketWord, ConnectionError, redactUrl, writeUrl } from './endpoint';
export { gzipWithStreams } from './compress';
export { describeWait } from './retry';
