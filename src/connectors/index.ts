import type { SourceName } from '../domain';
import type { ConnectorDeps } from './deps';
import type { SourceRegistry } from './module';
import type { Connector } from './types';

/** One connector per configured source (`configs`: each one's configuration by name, see Config.sources), in the registry's order. */
export function createConnectors(registry: SourceRegistry, configs: Readonly<Record<SourceName, unknown>>, deps: ConnectorDeps): Map<SourceName, Connector> {
  const out = new Map<SourceName, Connector>();
  for (const m of registry.modules) {
    if (m.name in configs) out.set(m.name, m.createConnector(configs[m.name], deps));
  }
  return out;
}
