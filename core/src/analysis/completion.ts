/**
 * Completion: where in a line the cursor is (measurement, tag key or value, field key or value,
 * timestamp), read from the line's text before the cursor, and the names already used for that
 * measurement in the document.
 */
import type { Position } from '../model';
import { NANOS_PER } from '../products';
import { escapeFieldKey, escapeMeasurement, escapeTagKey, escapeTagValue } from '../serialize';
import type { DocumentAnalysis } from './analysis';
import { typeName } from './messages';
import type { Range } from './positions';
import { mergeMeasurement } from './stats';
import { formatInstant, nowIn, PRECISION_NAMES } from './time';

export type CompletionSlot = 'measurement' | 'tagKey' | 'tagValue' | 'fieldKey' | 'fieldValue' | 'timestamp' | 'none';

export interface CompletionContext {
  readonly slot: CompletionSlot;
  /** Raw (escaped) measurement text of the line, when the cursor is past it. */
  readonly measurement: string;
  /** Raw key of the tag or field whose value is being written. */
  readonly key: string;
  /** Character where the token being written starts (the replaced range starts there). */
  readonly tokenStart: number;
}

/** Reads the text of a line before the cursor the way the server's parser would. */
export function completionContext(prefix: string): CompletionContext {
  let slot: CompletionSlot = 'measurement';
  let measurementEnd = -1;
  let keyStart = 0;
  let key = '';
  let quoted = false;
  let lastSpace = false;
  if (prefix.trimStart().startsWith('#')) return { slot: 'none', measurement: '', key: '', tokenStart: 0 };
  const lead = prefix.length - prefix.trimStart().length;
  let tokenStart = lead;
  for (let i = lead; i < prefix.length; i++) {
    const c = prefix[i];
    if (c === '\\') {
      i++;
      lastSpace = false;
      continue;
    }
    if (quoted) {
      if (c === '"') quoted = false;
      continue;
    }
    const wasSpace = lastSpace;
    lastSpace = c === ' ';
    if (c === ' ') {
      if (wasSpace) {
        tokenStart = i + 1;
        continue;
      }
      if (slot === 'measurement' || slot === 'tagKey' || slot === 'tagValue') {
        if (measurementEnd < 0) measurementEnd = i;
        slot = 'fieldKey';
      } else if (slot === 'fieldKey' || slot === 'fieldValue') slot = 'timestamp';
      else slot = 'none';
      tokenStart = keyStart = i + 1;
    } else if (c === ',') {
      if (slot === 'measurement') measurementEnd = i;
      if (slot === 'measurement' || slot === 'tagValue') slot = 'tagKey';
      else if (slot === 'fieldValue') slot = 'fieldKey';
      else continue;
      tokenStart = keyStart = i + 1;
    } else if (c === '=') {
      if (slot === 'tagKey') slot = 'tagValue';
      else if (slot === 'fieldKey') slot = 'fieldValue';
      else continue;
      key = prefix.slice(keyStart, i);
      tokenStart = i + 1;
    } else if (c === '"' && slot === 'fieldValue' && i === tokenStart) {
      quoted = true;
    }
  }
  if (quoted) slot = 'none';
  const measurement = measurementEnd < 0 ? '' : prefix.slice(lead, measurementEnd);
  return { slot, measurement, key, tokenStart };
}

function unescape(raw: string): string {
  return raw.replace(/\\([\\, =])/g, '$1');
}

export type CandidateKind = 'measurement' | 'tagKey' | 'tagValue' | 'fieldKey' | 'boolean' | 'timestamp';

export interface CompletionCandidate {
  readonly label: string;
  readonly kind: CandidateKind;
  readonly detail?: string;
  readonly insertText: string;
  readonly range: Range;
}

export function completionsAt(analysis: DocumentAnalysis, position: Position): CompletionCandidate[] {
  const lineStart = analysis.offsetAt({ line: position.line, character: 0 });
  const prefix = analysis.slice(lineStart, analysis.offsetAt(position));
  const ctx = completionContext(prefix);
  const range: Range = { start: { line: position.line, character: ctx.tokenStart }, end: position };
  const target = analysis.settings.profile.parser;
  const summaries = analysis.allStats();
  const stats = () => mergeMeasurement(summaries, unescape(ctx.measurement));
  const out: CompletionCandidate[] = [];
  // The stored schema's names come after the document's own (which they do not repeat).
  const stored = analysis.stored;
  const storedColumns = () => stored?.columnsOf(unescape(ctx.measurement));
  const inStored = stored === undefined ? '' : `stored in ${stored.where}`;
  switch (ctx.slot) {
    case 'measurement': {
      const names = new Map<string, number>();
      for (const s of summaries) for (const [m, st] of s) names.set(m, (names.get(m) ?? 0) + st.points);
      for (const [m, n] of names) out.push({ label: m, kind: 'measurement', detail: `${n} point${n === 1 ? '' : 's'}`, insertText: escapeMeasurement(m, target), range });
      for (const m of stored?.measurements.keys() ?? []) if (!names.has(m)) out.push({ label: m, kind: 'measurement', detail: inStored, insertText: escapeMeasurement(m, target), range });
      break;
    }
    case 'tagKey': {
      const own = stats()?.tags;
      for (const k of own?.keys() ?? []) out.push({ label: k, kind: 'tagKey', detail: 'tag', insertText: escapeTagKey(k, target), range });
      for (const k of storedColumns()?.tags ?? []) if (own?.has(k) !== true) out.push({ label: k, kind: 'tagKey', detail: `tag, ${inStored}`, insertText: escapeTagKey(k, target), range });
      break;
    }
    case 'tagValue':
      for (const v of stats()?.tagValues.get(unescape(ctx.key)) ?? []) out.push({ label: v, kind: 'tagValue', insertText: escapeTagValue(v, target), range });
      break;
    case 'fieldKey': {
      const own = stats()?.fields;
      for (const [k, byType] of own ?? []) {
        out.push({ label: k, kind: 'fieldKey', detail: [...byType.keys()].map((t) => typeName(t)).join(' / '), insertText: escapeFieldKey(k, target), range });
      }
      for (const [k, types] of storedColumns()?.fields ?? []) {
        if (own?.has(k) !== true) out.push({ label: k, kind: 'fieldKey', detail: `${types.map(typeName).join(' / ')}, ${inStored}`, insertText: escapeFieldKey(k, target), range });
      }
      break;
    }
    case 'fieldValue':
      for (const b of ['true', 'false']) out.push({ label: b, kind: 'boolean', detail: 'boolean', insertText: b, range });
      break;
    case 'timestamp': {
      const precision = analysis.settings.precision;
      const now = nowIn(precision, analysis.clock());
      out.push({
        label: now.toString(),
        kind: 'timestamp',
        detail: `now in ${PRECISION_NAMES[precision]} (${formatInstant(now * NANOS_PER[precision])})`,
        insertText: now.toString(),
        range,
      });
      break;
    }
    case 'none':
      break;
  }
  return out;
}
