/**
 * The names the manifest (package.json) and the client share: commands and setting keys. The
 * language id and the settings section, which the server uses too, live in protocol/src/protocol.ts.
 */

export const COMMANDS = {
  writeToBucket: 'influxLineProtocol.writeToBucket',
  addConnection: 'influxLineProtocol.addConnection',
  selectConnection: 'influxLineProtocol.selectConnection',
  setToken: 'influxLineProtocol.setToken',
  clearToken: 'influxLineProtocol.clearToken',
  showLog: 'influxLineProtocol.showLog',
  refreshSchema: 'influxLineProtocol.refreshSchema',
} as const;

/** Keys inside the `influxLineProtocol` section. */
export const SETTINGS = {
  connections: 'connections',
  activeConnection: 'activeConnection',
  schemaEnabled: 'schema.enabled',
} as const;
