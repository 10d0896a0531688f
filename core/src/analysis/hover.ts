/**
 * Hover texts (Markdown): what the token under the cursor is, as the configured server would
 * store it, and what the rest of the document says about it.
 */
import type { FieldType, FieldValue, Position, Token } from '../model';
import { toNanos, type WritePrecision } from '../autoPrecision';
import { NANOS_PER } from '../products';
import { autoTimestampHover } from './autoTimestamp';
import type { DocumentAnalysis } from './analysis';
import { typeName } from './messages';
import { rangeOf, type Range } from './positions';
import { mergeMeasurement, type KeyStats, type MeasurementStats } from './stats';
import { formatInstant, PRECISION_NAMES } from './time';
import type { StoredSchema } from './storedFacts';

export interface HoverResult {
  readonly markdown: string;
  readonly range: Range;
}

const RANGES: Partial<Record<FieldType, string>> = {
  integer: 'a signed 64-bit integer: -9223372036854775808 to 9223372036854775807',
  uinteger: 'an unsigned 64-bit integer: 0 to 18446744073709551615',
  float: 'a 64-bit IEEE-754 float',
};

/** Inline code that survives backticks and newlines in the value. */
function code(s: string): string {
  const shown = s.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  const fence = shown.includes('`') ? '`` ' : '`';
  return `${fence}${shown}${fence === '`` ' ? ' ``' : '`'}`;
}

function within(t: { start: number; end: number }, rel: number): boolean {
  return t.start <= rel && rel <= t.end;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function hoverAt(analysis: DocumentAnalysis, position: Position): HoverResult | undefined {
  const line = analysis.lineAt(position);
  if (line === undefined) return undefined;
  const p = analysis.pointOf(line);
  if (p === undefined) return undefined;
  const rel = analysis.offsetAt(position) - line.base;
  const range = (t: { start: number; end: number }): Range => rangeOf(line.chunk, t.start, t.end);
  const m = p.measurement.value;
  if (within(p.measurement, rel)) return { markdown: measurementHover(analysis, m), range: range(p.measurement) };
  for (const tag of p.tags) {
    if (within(tag.key, rel)) return { markdown: tagKeyHover(analysis, m, tag.key.value), range: range(tag.key) };
    if (within(tag.value, rel)) return { markdown: `**tag value** ${code(tag.value.value)} of tag ${code(tag.key.value)}`, range: range(tag.value) };
  }
  for (const field of p.fields) {
    if (within(field.key, rel)) return { markdown: fieldKeyHover(analysis, m, field.key.value), range: range(field.key) };
    if (within(field.valueSpan, rel)) return { markdown: valueHover(field.key, field.value), range: range(field.valueSpan) };
  }
  if (p.timestamp !== undefined && within(p.timestamp, rel)) return { markdown: timestampHover(analysis, p.timestamp), range: range(p.timestamp) };
  return undefined;
}

function statsOf(analysis: DocumentAnalysis, m: string): MeasurementStats | undefined {
  return mergeMeasurement(analysis.allStats(), m);
}

function timeRange(analysis: DocumentAnalysis, s: MeasurementStats): string {
  if (s.minTime === undefined || s.maxTime === undefined) return 'no timestamps (the server uses the time of the write)';
  const p: WritePrecision = analysis.settings.autoPrecision === true ? 'auto' : analysis.settings.precision;
  return `${formatInstant(toNanos(s.minTime, p))} to ${formatInstant(toNanos(s.maxTime, p))}`;
}

function measurementHover(analysis: DocumentAnalysis, m: string): string {
  const s = statsOf(analysis, m);
  const stored = analysis.stored;
  const columns = stored?.columnsOf(m);
  const storedLine = stored === undefined ? undefined : columns === undefined ? `Not stored yet in ${stored.where} (${readAgo(analysis, stored)}): its first point sets its columns.` : `Stored in ${stored.where} with ${plural(columns.tags.size, 'tag key')} and ${plural(columns.fields.size, 'field')}, ${readAgo(analysis, stored)}.`;
  if (s === undefined) return withStored(`**measurement** ${code(m)}`, storedLine);
  const lines = [`**measurement** ${code(m)}: ${plural(s.points, 'point')}, first on line ${analysis.lineNumberOf(s.first)}`, ''];
  lines.push(`- time: ${timeRange(analysis, s)}`);
  const tags = [...s.tags.keys()].sort();
  lines.push(`- tag keys (${tags.length}): ${tags.length ? tags.map(code).join(', ') : 'none'}`);
  const fields = [...s.fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  lines.push(`- fields (${fields.length}): ${fields.map(([k, byType]) => `${code(k)} ${[...byType.keys()].map((t) => typeName(t)).join(' / ')}`).join(', ')}`);
  if (storedLine !== undefined) lines.push('', storedLine);
  return lines.join('\n');
}

function tagKeyHover(analysis: DocumentAnalysis, m: string, key: string): string {
  const s = statsOf(analysis, m);
  const t = s?.tags.get(key);
  if (s === undefined || t === undefined) return withStored(`**tag key** ${code(key)}`, storedColumnLine(analysis, m, key));
  const lines = [`**tag key** ${code(key)} of ${code(m)}: in ${plural(t.count, 'point')}, first on line ${analysis.lineNumberOf(t.first)}`];
  const stored = storedColumnLine(analysis, m, key);
  if (stored !== undefined) lines.push('', stored);
  const asField = s.fields.get(key);
  if (asField !== undefined && analysis.scope.perTable) {
    lines.push('', `**Conflict:** ${code(key)} is also a field (${describeTypes(analysis, asField)}); ${analysis.settings.profile.label} keeps tags and fields in one set of columns, so whichever comes second is rejected.`);
  }
  return lines.join('\n');
}

function describeTypes(analysis: DocumentAnalysis, byType: Map<FieldType, KeyStats>): string {
  return [...byType.entries()]
    .map(([type, k]) => `${typeName(type)} in ${plural(k.count, 'point')}, set first on line ${analysis.lineNumberOf(k.first)}`)
    .join('; ');
}

function fieldKeyHover(analysis: DocumentAnalysis, m: string, key: string): string {
  const s = statsOf(analysis, m);
  const byType = s?.fields.get(key);
  const stored = storedColumnLine(analysis, m, key);
  if (s === undefined || byType === undefined) return withStored(`**field key** ${code(key)}`, stored);
  const count = [...byType.values()].reduce((n, k) => n + k.count, 0);
  const first = [...byType.values()].map((k) => k.first).sort((a, b) => a.chunk.offset - b.chunk.offset || a.line - b.line)[0];
  const types = [...byType.keys()].map((t) => typeName(t));
  const lines = [`**field key** ${code(key)} of ${code(m)}: ${types.join(' / ')}, in ${plural(count, 'point')}, first on line ${analysis.lineNumberOf(first)}`];
  if (byType.size > 1) {
    lines.push('', `**Conflict:** ${describeTypes(analysis, byType)}. The first type written sets the column${analysis.scope.perTable ? '' : ' (per shard group on this target)'}; points with another type are rejected.`);
  } else {
    lines.push('', `- ${describeTypes(analysis, byType)}`);
  }
  if (s.tags.has(key) && analysis.scope.perTable) lines.push('', `**Conflict:** ${code(key)} is also a tag of ${code(m)}.`);
  if (stored !== undefined) lines.push('', stored);
  return lines.join('\n');
}

function withStored(head: string, stored: string | undefined): string {
  return stored === undefined ? head : `${head}\n\n${stored}`;
}

/** How long ago, in words ("just now", "2 minutes ago"). */
export function ageInWords(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${plural(hours, 'hour')} ago`;
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}

/** When the stored schema was read, as hovers say it. */
function readAgo(analysis: DocumentAnalysis, stored: StoredSchema): string {
  return `read ${ageInWords(Number(analysis.clock() / 1_000_000n) - stored.readAtMs)}`;
}

/** What the stored schema says of a column (undefined: it holds nothing of it, or none was read). */
function storedColumnLine(analysis: DocumentAnalysis, m: string, key: string): string | undefined {
  const stored = analysis.stored;
  const columns = stored?.columnsOf(m);
  if (stored === undefined || columns === undefined) return undefined;
  const types = columns.fields.get(key);
  const parts: string[] = [];
  if (columns.tags.has(key)) parts.push('as a tag');
  if (types !== undefined) parts.push(`as ${types.map(typeName).join(' / ')}${types.length > 1 ? ' (in different shard groups)' : ''}`);
  if (parts.length === 0) return undefined;
  return `Stored ${parts.join(' and ')} in ${stored.where}, ${readAgo(analysis, stored)}.`;
}

function valueHover(key: Token, v: FieldValue): string {
  const type = typeName(v.type);
  switch (v.type) {
    case 'string':
      return `**${type}** value of ${code(key.value)}: ${v.value.length === 0 ? 'empty string' : code(v.value)} (${plural([...v.value].length, 'character')}, escapes resolved)`;
    case 'boolean':
      return `**${type}** value of ${code(key.value)}: ${code(String(v.value))}`;
    case 'float':
      return `**${type}** value of ${code(key.value)}: ${code(Object.is(v.value, -0) ? '-0' : String(v.value))}\n\nStored as ${RANGES.float}.`;
    default:
      return `**${type}** value of ${code(key.value)}: ${code(v.value.toString())}\n\nMust fit ${RANGES[v.type]}.`;
  }
}

function timestampHover(analysis: DocumentAnalysis, t: Token<bigint>): string {
  if (analysis.settings.autoPrecision === true) return autoTimestampHover(t.value);
  const precision = analysis.settings.precision;
  const ns = t.value * NANOS_PER[precision];
  return `**timestamp** ${formatInstant(ns)} (UTC)\n\n${code(t.value.toString())} in ${PRECISION_NAMES[precision]} (write precision \`${precision}\`)`;
}
