/** Waiting for the stored schema the extension sends, and for its state, on the API's events. */
import type { SchemaState } from '../../../client/src/schemaStatus';
import type { StoredSchemaParams } from '../../../protocol/src/protocol';
import { api } from './api';
import { waitForEvent } from './wait';

/** Resolves with the schema sent once `accept` likes it (the one sent last counts too). */
export async function schemaSent(accept: (sent: StoredSchemaParams | null) => boolean, what: string): Promise<StoredSchemaParams | null> {
  const extension = await api();
  return waitForEvent(extension.schemaStatus.sent, extension.onDidSendSchema, accept, what, () => `the schema status: ${JSON.stringify(extension.schemaStatus)}`);
}

/** Resolves with the schema state once `accept` likes it (checked now and on every change). */
export async function schemaState(accept: (state: SchemaState) => boolean, what: string): Promise<SchemaState> {
  const extension = await api();
  return waitForEvent(extension.schemaStatus.state, extension.onDidChangeSchemaState, accept, what, () => `the schema status: ${JSON.stringify(extension.schemaStatus)}`);
}
