/**
 * The connection's language status row, pure. VS Code's pop-up puts text and detail on one row
 * with the command after them: the row stays a few words (the connection and its bucket), and the
 * whole description (URL, product, a settings problem) is the command's tooltip, so "Select
 * Connection" stays on screen (schemaStatus.ts says the same for the schema row).
 */
import { bucketWord } from '../../core/src/write/index';
import { describeConnection, type ConnectionSettings } from './connections';

export interface ConnectionStatusTexts {
  readonly text: string;
  /** A few words after the text (may be empty). */
  readonly detail: string;
  /** The full description: the command's tooltip. */
  readonly tooltip: string;
  readonly warning: boolean;
  readonly action: 'selectConnection' | 'addConnection';
}

export function connectionStatusTexts(state: { readonly active: ConnectionSettings | undefined; readonly connections: readonly unknown[]; readonly problems: readonly string[] }): ConnectionStatusTexts {
  const { active, connections, problems } = state;
  if (active) {
    const described = describeConnection(active);
    return {
      text: `$(database) ${active.name}`,
      detail: `${bucketWord(active.target)} '${active.bucket}'`,
      tooltip: problems.length > 0 ? `${described}. ${problems[0]}` : described,
      warning: problems.length > 0,
      action: 'selectConnection',
    };
  }
  if (connections.length > 0) {
    return { text: '$(database) No active connection', detail: `${connections.length} connection${connections.length === 1 ? '' : 's'}`, tooltip: problems[0] ?? 'Choose the InfluxDB connection to write to.', warning: true, action: 'selectConnection' };
  }
  return { text: '$(database) No InfluxDB connection', detail: '', tooltip: problems[0] ?? 'Add one to write this file to InfluxDB.', warning: problems.length > 0, action: 'addConnection' };
}
