/**
 * The diagnostics of a good line's findings (see goodLine.ts): the cheap pass finds what is wrong by
 * index, and only then is the line decoded in full to place each problem on its exact characters.
 */
import type { Point } from '../model';
import type { CheckContext } from './checkContext';
import type { Severity } from './codes';
import type { ChunkDiagnostic, Finding } from './findings';
import * as say from './messages';
import { describeAutoTimestamp } from './autoTimestamp';
import { timestampProblems } from './timestamps';
import { columnLimitAnswer, reservedColumnAnswer } from '../influxdb3';

/** The diagnostics of one finding of point `p` (measurement `m`, raw timestamp `ts`). */
export function describe(f: Finding, p: Point, m: string, ts: bigint | undefined, ctx: CheckContext, out: ChunkDiagnostic[]): void {
  const profile = ctx.settings.profile;
  const label = profile.label;
  switch (f.what) {
    case 'tag-conflict': {
      const key = p.tags[f.index].key;
      if (f.stored !== undefined) {
        out.push({ start: key.start, end: key.end, severity: 'error', code: 'stored-tag-field', message: say.storedFieldUsedAsTagMessage(f.key, m, f.fact, f.stored.where, f.stored.storedBy ?? label) });
        return;
      }
      out.push({ start: key.start, end: key.end, severity: 'error', code: 'tag-field-conflict', message: say.tagConflictMessage(f.key, f.fact, m, label), ...related(f.factKey, f.key) });
      return;
    }
    case 'field-conflict': {
      const field = p.fields[f.index];
      if (f.stored !== undefined) {
        if (f.fact === 'tag') {
          out.push({ start: field.key.start, end: field.key.end, severity: 'error', code: 'stored-tag-field', message: say.storedTagUsedAsFieldMessage(f.key, m, f.stored.where, f.stored.storedBy ?? label) });
          return;
        }
        out.push({
          start: field.valueSpan.start,
          end: field.valueSpan.end,
          severity: 'error',
          code: 'stored-field-type',
          message: say.storedFieldTypeMessage(f.key, m, field.value.type, f.fact, f.stored.where, f.stored.storedBy ?? label, ctx.scope.perTable ? undefined : ctx.scope.windowStart(ts)),
          fix: { fix: 'set-type', type: f.fact },
        });
        return;
      }
      if (f.fact === 'tag') {
        const message = say.fieldIsTagMessage(f.key, m, f.factKey === undefined, label);
        out.push({ start: field.key.start, end: field.key.end, severity: 'error', code: 'tag-field-conflict', message, ...related(f.factKey, f.key) });
        return;
      }
      const shardGroupStart = ctx.scope.perTable ? undefined : ctx.scope.windowStart(ts);
      out.push({
        start: field.valueSpan.start,
        end: field.valueSpan.end,
        severity: 'error',
        code: 'field-type-conflict',
        message: say.fieldTypeConflictMessage(f.key, m, field.value.type, f.fact, shardGroupStart, label),
        ...related(f.factKey, f.key),
        fix: { fix: 'set-type', type: f.fact },
      });
      return;
    }
    case 'duplicate-tag': {
      // The write path rejects a repeated tag key whatever its values (line-protocol.md §6).
      const tag = p.tags[f.index];
      const says = profile.duplicateTagMessage?.replace('{key}', f.key);
      out.push({ start: tag.key.start, end: tag.value.end, severity: 'error', code: 'duplicate-tag', message: say.duplicateTagMessage(f.key, says, label, profile.dialect === 'v3') });
      return;
    }
    case 'duplicate-field': {
      const field = p.fields[f.index];
      const first = p.fields[f.other];
      const mode = profile.duplicateFields;
      let severity: Severity = 'warning';
      let message = say.duplicateFieldKeptMessage(f.key, label);
      if (mode === 'reject') {
        severity = 'error';
        message = say.duplicateFieldRejectedMessage(f.key, label);
      } else if (field.value.type !== first.value.type) {
        // IOx: "the field 'K' is specified more than once with conflicting types"; 1.x/2.x create the
        // field from its first value and refuse the second ("field type conflict"), dropping the point.
        severity = 'error';
        message = say.duplicateFieldTypesMessage(f.key, first.value.type, field.value.type, mode !== 'last-same-type', label);
      }
      out.push({ start: field.key.start, end: field.valueSpan.end, severity, code: 'duplicate-field', message, fix: removeEarlier(p.fields, f.index) });
      return;
    }
    case 'reserved-tag': {
      const key = p.tags[f.index].key;
      out.push({ start: key.start, end: key.end, severity: 'error', code: 'reserved-tag', message: say.reservedTagMessage(f.key, label, reservedColumnAnswer(f.key)) });
      return;
    }
    case 'reserved-field': {
      const key = p.fields[f.index].key;
      const reserved = profile.reservedFieldKeys;
      // InfluxDB 3 refuses the whole line for `__chunk_order` (influxdb3.ts reservedColumnAnswer).
      const refused = reservedColumnAnswer(f.key);
      const only = refused !== undefined || p.fields.every((field) => reserved.includes(field.key.value));
      out.push({ start: key.start, end: key.end, severity: only ? 'error' : 'warning', code: 'reserved-field', message: say.reservedFieldMessage(f.key, only, label, refused) });
      return;
    }
    case 'column-limit': {
      const names = [...f.tags.map((j) => p.tags[j].key), ...f.fields.map((j) => p.fields[j].key)].sort((a, b) => a.start - b.start);
      const limit = profile.columnLimit ?? 0;
      const held = f.stored === undefined ? undefined : { count: f.stored.count, where: f.stored.schema.where };
      const message =
        profile.dialect === 'v3'
          ? say.v3ColumnLimitMessage(names.map((t) => t.value), m, f.columns, label, columnLimitAnswer(limit), held)
          : say.columnLimitMessage(names.map((t) => t.value), m, f.columns, limit, label, held);
      out.push({ start: names[0].start, end: names[names.length - 1].end, severity: 'error', code: f.stored === undefined ? 'column-limit' : 'stored-column-limit', message });
      return;
    }
    case 'stored-other-shard': {
      const field = p.fields[f.index];
      const message = say.storedOtherShardMessage(f.key, m, field.value.type, f.types, f.stored.where, f.stored.storedBy ?? label);
      out.push({ start: field.valueSpan.start, end: field.valueSpan.end, severity: 'information', code: 'stored-type-other-shard', message });
      return;
    }
    case 'family-limit': {
      const key = p.fields[f.index].key;
      out.push({ start: key.start, end: key.end, severity: 'error', code: 'field-family-limit', message: say.familyLimitMessage(f.key, f.family, m, label) });
      return;
    }
    case 'family-qualifier': {
      const key = p.fields[f.index].key;
      out.push({ start: key.start, end: key.end, severity: 'information', code: 'field-family-qualifier', message: say.familyQualifierMessage(f.key, f.how, label) });
      return;
    }
    case 'timestamp':
      if (ctx.settings.autoPrecision === true) {
        if (p.timestamp !== undefined) describeAutoTimestamp(p.timestamp, ctx, out);
      } else timestampProblems(p, ctx, out);
  }
}

/** The related fact of a conflict, when another line set it. */
/**
 * The fix of the duplicate field at `index`: remove the occurrence of its key just before it, with
 * the comma after it (a field always follows it). Fixing each duplicate so leaves the last value,
 * the one 1.x and 2.x keep, and the fixes of one line never overlap, so fix-all takes them all.
 */
function removeEarlier(fields: Point['fields'], index: number): { fix: 'remove-field'; start: number; end: number } {
  let earlier = index - 1;
  while (fields[earlier].key.value !== fields[index].key.value) earlier--;
  return { fix: 'remove-field', start: fields[earlier].key.start, end: fields[earlier + 1].key.start };
}

function related(factKey: string | undefined, column: string): { relatedKey?: string; relatedColumn?: string } {
  return factKey === undefined ? {} : { relatedKey: factKey, relatedColumn: column };
}
