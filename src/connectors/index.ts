import type { SourceName } from '../domain';
import type { ConnectorDeps } from './deps';
import type { SourceRegistry } from './module';
import type { Connector } from './types';

/**
 * One connector per configured source (`configs`: each one's configuration by
 * name, see Config.sources), in the registry's order. A module whose declared
 * writes differ from what its connector's writer does is refused at start-up:
 * capabilities are read without building a connector, so they must not drift.
 */
export function createConnectors(registry: SourceRegistry, configs: Readonly<Record<SourceName, unknown>>, deps: ConnectorDeps): Map<SourceName, Connector> {
  const out = new Map<SourceName, Connector>();
  for (const m of registry.modules) {
    if (!(m.name in configs)) continue;
    const connector = m.createConnector(configs[m.name], deps);
    const writes = WRITES.filter((w) => connector.writer?.[w] !== undefined);
    if (writes.join() !== WRITES.filter((w) => m.capabilities.writes.includes(w)).join()) {
      throw new Error(`source module ${m.name} declares writes [${m.capabilities.writes.join(', ')}] but its writer does [${writes.join(', ')}]`);
    }
    out.set(m.name, connector);
  }
  return out;
}

const WRITES = ['issue', 'update', 'revoke'] as const;
