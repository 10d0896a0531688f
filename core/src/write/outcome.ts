/**
 * A judged answer (a 400/422, a 2xx with a body) turned into line states in the report, and the
 * lines to send again when the server refused the whole request.
 */
import type { Verdict } from './answers/verdict';
import { pickIndices, withoutIndices, type WireBatch } from './batch';
import { byReason } from './locate';
import type { ReportBuilder } from './report';

/** Records the verdict's outcomes for the batch; returns the batches to send next. */
export function settleVerdict(report: ReportBuilder, batch: WireBatch, status: number, verdict: Verdict, requests: number): WireBatch[] {
  for (const warning of verdict.warnings) report.warn(warning);
  const ok = status >= 200 && status < 300;
  const open = verdict.unconfirmed ?? new Map<number, string>();
  for (const [reason, indices] of byReason(open)) report.unconfirmed(pickIndices(batch, indices), reason);
  if (verdict.resend) {
    report.rejected(batch, verdict.rejected, status);
    report.progress(requests);
    return verdict.resend.filter((group) => group.length > 0).map((group) => pickIndices(batch, group));
  }
  if (verdict.rejected.size === 0 && open.size === 0) {
    if (ok || verdict.othersWritten) report.written(batch.size);
    else {
      // No line named and no way to tell what was stored: some servers store the good lines
      // of a request they answer 400 to (1.x, Cloud), and an unreadable answer says nothing.
      const message = verdict.message.trim() || '(no message)';
      report.unconfirmed(batch, `unconfirmed: the server answered ${status} without naming a line (${message}); it may have stored some of these points`);
    }
    report.progress(requests);
    return [];
  }
  report.rejected(batch, verdict.rejected, status);
  const others = batch.size - verdict.rejected.size - open.size;
  if (verdict.othersWritten || ok) {
    report.written(others);
    report.progress(requests);
    return [];
  }
  report.progress(requests);
  return others > 0 ? [withoutIndices(batch, new Set([...verdict.rejected.keys(), ...open.keys()]))] : [];
}
