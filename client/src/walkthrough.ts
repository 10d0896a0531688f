/**
 * The connection walkthrough: a first write with nothing configured (or "Add Connection…") asks
/**
 * The connection walkthrough: a first write with nothing configured (or "Add Connection…") asks
 * for the product (the workspace's target preselected), the URL (defaulting to where that product
 * usually listens), the bucket or database, the org where the product needs one, whether the server
 * stores fields by column family where the product can (Enterprise, InfluxDB 3 Cloud), and a name,
 * then saves the connection in the settings. The credentials are asked for separately.
 */
import * as vscode from 'vscode';
import { choosesColumnFamilies } from '../../core/src/analysis/settings';
import { PROFILES, type Product } from '../../core/src/products';
import { SETTINGS_SECTION } from '../../protocol/src/protocol';
import { chosenTarget, productOrder } from './productChoice';
import { bucketWord } from '../../core/src/write/index';
import { checkName, checkUrl, defaultUrl, needsOrg, type NewConnection } from './connections';
import { originOf } from './origin';

const TITLE = 'New InfluxDB connection';

const DETAILS: Readonly<Record<Product, string>> = {
  'cloud-serverless': 'Cloud Serverless: bucket and org, API token',
  'cloud-dedicated': 'Cloud Dedicated: database, database token',
  clustered: 'Clustered (self-managed IOx): database, database token',
  core: 'InfluxDB 3 Core (/api/v3/write_lp): database, token or none',
  enterprise: 'InfluxDB 3 Enterprise (/api/v3/write_lp): database, token',
  'influxdb3-cloud': 'InfluxDB 3 Cloud, managed Enterprise (/api/v3/write_lp, https://cluster-host.a.influxdb.io): database, token',
  'oss-v2': 'InfluxDB OSS 2.x: bucket and org, API token',
  v1: 'InfluxDB 1.x (/write): database, username and password or none',
};

type Validate = (text: string) => string | vscode.InputBoxValidationMessage | undefined;

/** Each step's title names what it asks ("New InfluxDB connection: URL"): stable for people and tests. */
async function input(what: string, prompt: string, value: string, validate: Validate): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: `${TITLE}: ${what}`, prompt, value, ignoreFocusOut: true, validateInput: validate });
}

/** Asks step by step; undefined when the user escapes. */
export async function askNewConnection(existingNames: readonly string[]): Promise<NewConnection | undefined> {
  // The product the workspace's checks follow is the likely one: first, so Enter takes it.
  const preferred = chosenTarget(vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect('target'));
  const picked = await vscode.window.showQuickPick(
    productOrder(preferred).map((id) => ({ label: PROFILES[id].label, description: id === preferred ? `${id} · influxLineProtocol.target` : id, detail: DETAILS[id], id })),
    { title: `${TITLE}: product`, placeHolder: 'Which InfluxDB do you write to?', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  const target = picked.id;
  const url = await input('URL', `URL of your ${PROFILES[target].label} server`, defaultUrl(target), (text) => {
    const problem = checkUrl(text);
    if (!problem) return undefined;
    return { message: problem.message, severity: problem.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning };
  });
  if (url === undefined) return undefined;
  const word = bucketWord(target);
  const bucket = await input(bucketWord(target), `Name of the ${word} to write to`, '', (text) => (text.trim() === '' ? `Give the ${word} name.` : undefined));
  if (bucket === undefined) return undefined;
  let org: string | undefined;
  if (needsOrg(target)) {
    org = await input('org', `Organisation (name or ID) that owns ${word} '${bucket.trim()}'`, '', (text) => (text.trim() === '' ? `${PROFILES[target].label} needs the org.` : undefined));
    if (org === undefined) return undefined;
  }
  let columnFamilies: boolean | undefined;
  if (choosesColumnFamilies(target)) {
    columnFamilies = await askColumnFamilies(target);
    if (columnFamilies === undefined) return undefined;
  }
  const suggested = suggestName(url, bucket, existingNames);
  const name = await input('name', 'A name for this connection (it appears in the status bar)', suggested, (text) => checkName(text, existingNames));
  if (name === undefined) return undefined;
  return { name: name.trim(), url: url.trim(), target, bucket: bucket.trim(), org: org?.trim(), ...(columnFamilies !== undefined ? { columnFamilies } : {}) };
}

/**
 * Whether the server stores fields by column family (core/src/analysis/families.ts), first the
 * product's own default: InfluxDB 3 Cloud always does; Enterprise does on its upgraded storage
 * engine, which every cluster created with 3.11 or later runs (docs-v2 v3-core-enterprise-release-notes
 * v3.11.0 "The upgraded storage engine is now the default"), and a Parquet cluster once upgraded
 * with `--upgrade-pacha-tree`. Core cannot (never asked). Undefined when the user escapes.
 */
async function askColumnFamilies(target: Product): Promise<boolean | undefined> {
  const cloud = target === 'influxdb3-cloud';
  const items = [
    {
      label: 'Yes: fields are stored by column family',
      description: cloud ? 'InfluxDB 3 Cloud always does' : 'clusters created with 3.11 or later',
      detail: cloud
        ? 'A field named family::field is stored in that family; hovers and the outline show it.'
        : 'Upgraded storage engine (new clusters since 3.11, or --upgrade-pacha-tree).',
      value: true,
    },
    {
      label: 'No: fields are not stored by column family',
      description: cloud ? undefined : 'clusters created before 3.11 and not upgraded',
      detail: cloud ? 'Only if your InfluxDB 3 Cloud cluster says otherwise.' : 'Parquet storage: a cluster created before 3.11 keeps it until upgraded.',
      value: false,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `${TITLE}: column families`,
    placeHolder: `Does this ${PROFILES[target].label} server store fields by column family (family::field)?`,
    ignoreFocusOut: true,
  });
  return picked?.value;
}

function suggestName(url: string, bucket: string, existing: readonly string[]): string {
  let host = 'influxdb';
  try {
    host = new URL(originOf(url)).hostname;
  } catch {
    // The URL was validated already; keep the plain default.
  }
  const base = `${bucket.trim()}@${host}`;
  let name = base;
  for (let i = 2; existing.includes(name); i++) name = `${base} (${i})`;
  return name;
}
