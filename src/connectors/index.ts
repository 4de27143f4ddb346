import type { Config } from '../config';
import type { SourceName } from '../domain';
import type { ConnectorDeps } from './deps';
import type { Connector } from './types';

/** One connector per configured source, in the registry's order. */
export function createConnectors(config: Config, deps: ConnectorDeps): Map<SourceName, Connector> {
  const out = new Map<SourceName, Connector>();
  for (const m of config.registry.modules) {
    if (m.name in config.sources) out.set(m.name, m.createConnector(config.sources[m.name], deps));
  }
  return out;
}
