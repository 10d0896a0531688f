/**
 * Open documents and their settings. Each document's analysis is reached through a promise chain,
 * so edits, settings changes and requests apply in the order the client sent them even while the
 * document's settings are still being fetched. What is applied, and when it is published, is
 * diagnostics.ts's job.
 */
import type { Connection } from 'vscode-languageserver';
import { resolveSettings, type CheckerSettings, type DocumentAnalysis, type RawSettings, type StoredSchema } from '../../core/src/analysis';
import { analyzeOpened, type ParallelOpen } from './openAnalysis';
import { DEFAULT_PRECISION_PLACE, SETTINGS_SECTION, type CheckSettingsSent } from '../../protocol/src/protocol';

export interface OpenDocument {
  readonly uri: string;
  version: number;
  /** Resolves to the analysis once every change so far has been applied. */
  ready: Promise<DocumentAnalysis>;
}

export class Documents {
  private readonly open = new Map<string, OpenDocument>();
  private readonly settingsCache = new Map<string, Promise<CheckerSettings>>();
  /** Whether the client answers workspace/configuration; otherwise the last pushed settings apply. */
  configurationSupported = false;
  private pushedSettings: RawSettings | undefined;
  /** Where each document's precision is set, as the client names it (quick fix titles). */
  private readonly precisionPlaces = new Map<string, string>();

  /** The stored schema the client sent (storedSchema.ts): every open document is checked against it. */
  stored: StoredSchema | undefined;

  /** Set to check large documents in two parts at once (see openAnalysis.ts). */
  parallel: ParallelOpen | undefined;

  constructor(private readonly connection: Connection) {}

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  all(): IterableIterator<OpenDocument> {
    return this.open.values();
  }

  /** The document's settings, asked once per URI until the configuration changes. */
  settingsFor(uri: string): Promise<CheckerSettings> {
    let s = this.settingsCache.get(uri);
    if (s === undefined) {
      s = this.fetchSettings(uri);
      this.settingsCache.set(uri, s);
    }
    return s;
  }

  private async fetchSettings(uri: string): Promise<CheckerSettings> {
    let raw: RawSettings | undefined = this.pushedSettings;
    if (this.configurationSupported) {
      try {
        raw = (await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })) as RawSettings | undefined;
      } catch (error) {
        this.connection.console.error(`Could not read ${SETTINGS_SECTION} settings for ${uri}: ${String(error)}`);
      }
    }
    const place = (raw as CheckSettingsSent | null | undefined)?.precisionPlace;
    if (typeof place === 'string' && place !== '') this.precisionPlaces.set(uri, place);
    else this.precisionPlaces.delete(uri);
    const problems: string[] = [];
    const settings = resolveSettings(raw, problems);
    for (const p of problems) this.connection.console.warn(p);
    return settings;
  }

  /** Where the document's write precision is set, for quick fix titles. */
  precisionPlace(uri: string): string {
    return this.precisionPlaces.get(uri) ?? DEFAULT_PRECISION_PLACE;
  }

  /** Forgets cached settings (didChangeConfiguration); `pushed` is the section sent with it, if any. */
  clearSettings(pushed?: RawSettings): void {
    if (pushed !== undefined) this.pushedSettings = pushed;
    this.settingsCache.clear();
  }

  openDocument(uri: string, version: number, text: string): OpenDocument {
    const doc: OpenDocument = {
      uri,
      version,
      ready: this.settingsFor(uri).then((s) => analyzeOpened(text, s, this.parallel, this.stored)),
    };
    this.open.set(uri, doc);
    return doc;
  }

  /** Chains a step on the document's analysis, after every step before it (the step recovers from its own failures). */
  update(doc: OpenDocument, step: (a: DocumentAnalysis) => DocumentAnalysis | Promise<DocumentAnalysis>): void {
    doc.ready = doc.ready.then(step);
  }

  close(uri: string): OpenDocument | undefined {
    const doc = this.open.get(uri);
    this.open.delete(uri);
    this.settingsCache.delete(uri);
    this.precisionPlaces.delete(uri);
    return doc;
  }
}
