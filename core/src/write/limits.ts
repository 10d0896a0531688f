/** Default batch sizes and request limits per product: batches that every target's body limit accepts. */
import { PROFILES, type Product } from '../products';
import type { Connection } from './types';

export type ConnectionLimits = Pick<
  Connection,
  'gzip' | 'batchLines' | 'batchBytes' | 'timeoutMs' | 'maxRetries' | 'maxRetryTimeMs'
>;

/** 5000 lines is what Telegraf and the official clients' guides recommend as a good batch. */
const BATCH_LINES = 5000;
/** Big enough to amortise a round trip, small enough to retry cheaply and to stay far below proxy limits. */
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Limits that fit the product: batches stay below 90 % of its body limit (uncompressed, so they
 * fit compressed or not), requests time out after 30 s, and a failing request is retried at most
 * 5 times within 2 minutes.
 */
export function defaultConnectionLimits(product: Product): ConnectionLimits {
  const bodyLimit = PROFILES[product].maxBodyBytes;
  return {
    gzip: true,
    batchLines: BATCH_LINES,
    batchBytes: Math.min(BATCH_BYTES, Math.floor(bodyLimit * 0.9)),
    timeoutMs: 30_000,
    maxRetries: 5,
    maxRetryTimeMs: 120_000,
  };
}
