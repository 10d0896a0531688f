/**
 * Credentials for a connection: read from VS Code's SecretStorage, bound to the connection's
 * origin (origin.ts), and asked for with a password input box when missing or refused (401).
 * Nothing here logs or shows a secret.
 */
import * as vscode from 'vscode';
import type { Credentials } from '../../core/src/write/index';
import type { ConnectionSettings } from './connections';
import { credentialPrompt, credentialsFromInput, validateCredentialInput } from './credentialInput';
import { OriginBoundCredentials, originOf } from './origin';

export class ConnectionCredentials {
  private readonly store: OriginBoundCredentials;

  constructor(
    secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.store = new OriginBoundCredentials(secrets);
  }

  /** The saved credentials for this connection's origin, or undefined. */
  load(connection: ConnectionSettings): Promise<Credentials | undefined> {
    return this.store.load(connection);
  }

  /** Asks with a password input box and saves the answer; undefined when the user escapes. */
  async ask(connection: ConnectionSettings, why?: string): Promise<Credentials | undefined> {
    const texts = credentialPrompt(connection.target, originOf(connection.url), connection.name, why);
    const answer = await vscode.window.showInputBox({
      title: texts.title,
      prompt: texts.prompt,
      placeHolder: texts.placeHolder,
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => validateCredentialInput(connection.target, text),
    });
    if (answer === undefined) return undefined;
    const credentials = credentialsFromInput(connection.target, answer);
    if (credentials) {
      try {
        await this.store.save(connection, credentials);
      } catch (error) {
        // E.g. no keyring on this machine: the answer still serves this write.
        this.log.warn(`Could not keep the credentials for '${connection.name}' in the secret storage (${error instanceof Error ? error.message : String(error)}): they are used for this write only.`);
      }
    }
    return credentials;
  }

  /** Saves credentials given directly (the Set Token command called with a value, e.g. by a test). */
  save(connection: ConnectionSettings, credentials: Credentials): Promise<void> {
    return this.store.save(connection, credentials);
  }

  clear(connection: ConnectionSettings): Promise<void> {
    return this.store.clear(connection);
  }
}
