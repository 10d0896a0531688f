/**
 * The product list of the connection walkthrough, pure: the product the workspace's
 * `influxLineProtocol.target` names comes first (so it is the preselected item), the others in
 * the usual order. Each product's URL default is connections.ts's `defaultUrl`.
 */
import { isProduct, PRODUCTS, type Product } from '../../core/src/products';

/** The target set explicitly (folder, workspace, then user setting), if it names a product; the built-in default is not a choice. */
export function chosenTarget(inspected: { readonly workspaceFolderValue?: unknown; readonly workspaceValue?: unknown; readonly globalValue?: unknown } | undefined): Product | undefined {
  for (const value of [inspected?.workspaceFolderValue, inspected?.workspaceValue, inspected?.globalValue]) if (isProduct(value)) return value;
  return undefined;
}

export function productOrder(preferred: Product | undefined): Product[] {
  return preferred === undefined ? [...PRODUCTS] : [preferred, ...PRODUCTS.filter((p) => p !== preferred)];
}
