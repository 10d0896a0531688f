/**
 * What every check of one pass over a document shares: the settings, the time, the conflict scope
 * and the document's schema facts. Made afresh for each pass (new text, new settings, a new day for
 * retention); nothing in it changes while the pass runs.
 */
import type { ParseOptions } from '../api';
import type { FactsView } from './chunkColumns';
import { ConflictScope, type SchemaFacts } from './schema';
import type { StoredSchema } from './storedFacts';
import { parseOptionsOf, type CheckerSettings } from './settings';
import { AUTO_BOUNDS, type AutoUnits } from './autoTimestamp';
import { timestampBounds, type TimeRules, type TimestampBounds } from './timestamps';

export interface CheckContext extends FactsView, TimeRules {
  readonly settings: CheckerSettings;
  readonly scope: ConflictScope;
  readonly facts: SchemaFacts;
  /**
   * True for the first pass over the document, which claims each column's fact as it goes (every
   * fact is then set before the line that reads it); false for the checks of edited chunks, whose
   * lines are judged by the facts of the chunks before them.
   */
  readonly building: boolean;
  readonly parseOptions: ParseOptions;
  readonly nowNs: bigint;
  /** Precomputed timestamp bounds under the configured precision. */
  readonly bounds: TimestampBounds;
  /** What messages call the write precision choice (a setting in the editor, an option on the command line). */
  readonly precisionSetting: string;
  /**
   * Under precision=auto: the unit of the document's first timestamp, noted by the first pass
   * (autoTimestamp.ts); the one object the pass fills in, shared with the later checks' context.
   */
  readonly autoUnits: AutoUnits;
  /** The stored schema of the bucket written to, when one was read (its facts are among `facts` where they hold per table). */
  readonly stored: StoredSchema | undefined;
}

/** The context of a pass's checks (`building`: the first pass over the document, see CheckContext). */
export function checkContext(settings: CheckerSettings, facts: SchemaFacts, nowNs: bigint, precisionSetting: string, building: boolean, stored?: StoredSchema): CheckContext {
  return {
    settings,
    scope: new ConflictScope(settings, nowNs),
    facts,
    building,
    parseOptions: parseOptionsOf(settings),
    nowNs,
    bounds: settings.autoPrecision === true ? AUTO_BOUNDS : timestampBounds(settings, nowNs),
    precisionSetting,
    autoUnits: {},
    stored,
  };
}
