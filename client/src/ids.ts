/** The names the manifest (package.json) and the code share: commands, settings, the language. */
export const LANGUAGE_ID = 'influxdb-line-protocol';
export const CONFIG_SECTION = 'influxLineProtocol';

export const COMMANDS = {
  writeToBucket: 'influxLineProtocol.writeToBucket',
  addConnection: 'influxLineProtocol.addConnection',
  selectConnection: 'influxLineProtocol.selectConnection',
  setToken: 'influxLineProtocol.setToken',
  clearToken: 'influxLineProtocol.clearToken',
  showLog: 'influxLineProtocol.showLog',
} as const;

/** Keys inside the `influxLineProtocol` section. */
export const SETTINGS = {
  connections: 'connections',
  activeConnection: 'activeConnection',
} as const;
