/**
 * The texts of the language model tools that depend only on plain values (pure, tested without
 * VS Code): what the write's confirmation asks.
 */
import { PROFILES } from '../../core/src/products';
import { splitDataLines } from '../../core/src/split';
import { redactUrl } from '../../core/src/write/endpoint';
import type { ConnectionSettings } from './connections';

export interface WriteConfirmation {
  /** Shown while the write runs. */
  readonly invocationMessage: string;
  readonly title: string;
  /** Markdown: the line count, bucket, connection, product and server (never a credential). */
  readonly message: string;
}

/** Markdown special characters in a name shown in bold. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** What the user is asked before `text` (of `label`, a file) is written to `connection`. */
export function writeConfirmation(connection: ConnectionSettings, text: string, label: string | undefined): WriteConfirmation {
  const lines = splitDataLines(text).length;
  const count = `${lines} data line${lines === 1 ? '' : 's'}`;
  const of = label !== undefined ? ` of ${label}` : '';
  const server = `${PROFILES[connection.target].label}, ${redactUrl(connection.url)}`;
  return {
    invocationMessage: `Writing ${count}${of} to bucket '${connection.bucket}' of connection '${connection.name}' (${server})`,
    title: 'Write line protocol to InfluxDB?',
    message: `Write **${count}**${label !== undefined ? ` of ${md(label)}` : ''} to bucket **${md(connection.bucket)}** of connection **${md(connection.name)}** (${md(server)})? The server keeps every point it accepts.`,
  };
}
