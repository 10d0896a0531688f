/**
 * Which product, precision and retention the editor's checks follow, and the settings the
 * language server is sent for them. Pure module: it reads plain values, never the VS Code API.
 *
 * The checks follow what "Write to Bucket" writes to: the active connection's product, its
 * precision (else the precision setting, which the write uses then too) and its retention (else
 * the retention setting). A `target` setting someone set (user, workspace, folder, or for the
 * language) overrides the product; timestamps are still read with the precision the write sends.
 * Without an active connection the settings apply, with their defaults.
 */
import { isProduct, PROFILES, type Product } from '../../core/src/products';
import { DEFAULT_PRECISION_PLACE, type CheckSettingsSent } from '../../protocol/src/protocol';
import type { ConnectionSettings } from './connections';

/** The `influxLineProtocol` values the checks read, as VS Code resolves them for a document. */
export interface CheckInputs {
  /** The `target` setting when someone set it (at any level), undefined when only its default applies. */
  readonly explicitTarget: unknown;
  /** The effective `target` (the default included). */
  readonly target: unknown;
  readonly precision: unknown;
  readonly retentionPeriod: unknown;
  readonly shardGroupDuration: unknown;
  readonly maxDiagnostics: unknown;
  readonly inlayTimestamps: unknown;
  /** The connection writes go to, if any. */
  readonly active: ConnectionSettings | undefined;
  /** The active connection entry's `retentionPeriod`, as written in the setting. */
  readonly activeRetention: unknown;
}

/** What the checks follow, and why. */
export type ChecksFollow =
  | { readonly kind: 'setting'; readonly product: Product }
  | { readonly kind: 'connection'; readonly product: Product; readonly connection: string }
  | { readonly kind: 'default'; readonly product: Product };

export interface CheckSettings {
  /** Exactly what the language server is sent: no connection, no URL, no credential. */
  readonly sent: CheckSettingsSent;
  readonly follows: ChecksFollow;
  /** Whether the precision the checks use is the connection's own `precision` (else the setting's). */
  readonly precisionOfConnection: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function checkSettingsOf(inputs: CheckInputs): CheckSettings {
  const active = inputs.active;
  const settingProduct: Product = isProduct(inputs.target) ? inputs.target : 'cloud-serverless';
  let follows: ChecksFollow;
  if (inputs.explicitTarget !== undefined) follows = { kind: 'setting', product: settingProduct };
  else if (active !== undefined) follows = { kind: 'connection', product: active.target, connection: active.name };
  else follows = { kind: 'default', product: settingProduct };
  // Timestamps are read as the write sends them: the connection's precision, else the setting's
  // (toWriteConnection); the same for the retention of what it writes to.
  const precision = active?.precision ?? str(inputs.precision);
  const retention = (active !== undefined ? str(inputs.activeRetention) : undefined) ?? str(inputs.retentionPeriod);
  const shardGroup = str(inputs.shardGroupDuration);
  // Column families are the connection's choice when the checks follow its product (families.ts).
  const families = active !== undefined && active.target === follows.product ? active.columnFamilies : undefined;
  const sent: CheckSettingsSent = {
    target: follows.product,
    ...(precision !== undefined ? { precision } : {}),
    ...(families !== undefined ? { columnFamilies: families } : {}),
    ...(retention !== undefined ? { retentionPeriod: retention } : {}),
    ...(shardGroup !== undefined ? { shardGroupDuration: shardGroup } : {}),
    ...(typeof inputs.maxDiagnostics === 'number' ? { maxDiagnostics: inputs.maxDiagnostics } : {}),
    ...(typeof inputs.inlayTimestamps === 'boolean' ? { inlayHints: { timestamps: inputs.inlayTimestamps } } : {}),
    precisionPlace: active?.precision !== undefined ? `connection '${active.name}'` : DEFAULT_PRECISION_PLACE,
  };
  return { sent, follows, precisionOfConnection: active?.precision !== undefined };
}

/** One sentence for the language status: which product the checks follow, and why. */
export function describeFollow(follows: ChecksFollow): string {
  const label = PROFILES[follows.product].label;
  switch (follows.kind) {
    case 'connection':
      return `Checks follow connection '${follows.connection}' (${label})`;
    case 'setting':
      return `Checks follow the influxLineProtocol.target setting (${label})`;
    case 'default':
      return `Checks follow the influxLineProtocol.target default (${label}): no active connection`;
  }
}
