/**
 * Credentials for a connection: read from VS Code's SecretStorage, bound to the connection's
 * origin (origin.ts), and asked for with a password input box when missing or refused (401).
 * Nothing here logs or shows a secret.
 */
import * as vscode from 'vscode';
import type { Credentials } from '../../core/src/write/index';
import type { ConnectionSettings } from './connections';
import { credentialProblem, credentialPrompt, credentialsFromInput, validateCredentialInput } from './credentialInput';
import { OriginBoundCredentials, originOf } from './origin';

export class ConnectionCredentials {
  private readonly store: OriginBoundCredentials;

  constructor(
    secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.store = new OriginBoundCredentials(secrets);
  }

  /**
   * The saved credentials for this connection (bound to its origin), or undefined. Saved ones that
   * no HTTP header can carry (a control character) are refused here, with a log line that names the
   * connection, never the secret.
   */
  async load(connection: ConnectionSettings): Promise<Credentials | undefined> {
    return (await this.loadChecked(connection)).credentials;
  }

  private async loadChecked(connection: ConnectionSettings): Promise<{ credentials?: Credentials; problem?: string }> {
    const credentials = await this.store.load(connection);
    if (!credentials) return {};
    const problem = credentialProblem(credentials);
    if (problem === undefined) return { credentials };
    this.log.warn(`The credentials saved for '${connection.name}' cannot be used: ${problem}`);
    return { problem: `The credentials saved for '${connection.name}' cannot be used. ${problem}` };
  }

  /**
   * The credentials to write with: the saved ones; else (a second connection to the same server)
   * an offer to reuse those saved for another connection of that origin; else asked for. Every
   * message names the connection, since credentials are kept per connection and origin.
   * Undefined when the user escapes.
   */
  async loadOrAsk(connection: ConnectionSettings, others: readonly ConnectionSettings[]): Promise<Credentials | undefined> {
    const saved = await this.loadChecked(connection);
    if (saved.credentials) return saved.credentials;
    if (saved.problem !== undefined) return this.ask(connection, saved.problem);
    const origin = originOf(connection.url);
    for (const other of others) {
      if (other.name === connection.name || !sameOrigin(other.url, origin)) continue;
      const theirs = await this.load(other);
      if (!theirs) continue;
      const reuse = `Use the credentials saved for '${other.name}'`;
      const picked = await vscode.window.showQuickPick([{ label: reuse, detail: `The same server, ${origin}` }, { label: `Enter credentials for '${connection.name}'…` }], {
        title: `No credentials are saved for connection '${connection.name}' yet`,
        placeHolder: `'${other.name}' has credentials for ${origin}`,
        ignoreFocusOut: true,
      });
      if (!picked) return undefined;
      if (picked.label !== reuse) break;
      await this.save(connection, theirs).catch((error: unknown) => this.log.warn(`Could not keep the credentials for '${connection.name}' in the secret storage (${error instanceof Error ? error.message : String(error)}): they are used for this write only.`));
      this.log.info(`'${connection.name}' uses the credentials saved for '${other.name}' (same server, ${origin}).`);
      return theirs;
    }
    return this.ask(connection, `No credentials are saved for connection '${connection.name}' yet.`);
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

  /** Saves credentials given directly (the Set Token command called with a value, e.g. by a test); refuses unusable ones. */
  save(connection: ConnectionSettings, credentials: Credentials): Promise<void> {
    const problem = credentialProblem(credentials);
    if (problem !== undefined) return Promise.reject(new Error(problem));
    return this.store.save(connection, credentials);
  }

  clear(connection: ConnectionSettings): Promise<void> {
    return this.store.clear(connection);
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return originOf(url) === origin;
  } catch {
    return false;
  }
}
