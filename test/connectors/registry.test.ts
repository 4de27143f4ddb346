import { systemClock } from '../../src/clock';
import { createConnectors } from '../../src/connectors';
import type { ConnectorDeps } from '../../src/connectors/deps';
import { SourceRegistry, type SourceModule } from '../../src/connectors/module';
import { BUILTIN_SOURCES } from '../../src/connectors/registry';
import { createMemoryScheduler } from '../../src/connectors/slots';
import { createLogger, createSecrets } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { acme } from '../fifth-source/acme.source';

const secrets = createSecrets([]);
const deps: ConnectorDeps = {
  fetch: () => Promise.reject(new Error('no upstream is called while connectors are built')),
  timeoutMs: 1_000,
  secrets,
  logger: createLogger({ level: 'error', secrets, write: () => undefined }),
  metrics: createMetrics(),
  clock: systemClock,
  slots: (_name, limit) => createMemoryScheduler(limit, systemClock),
};
const acmeConfig = { baseUrl: 'http://127.0.0.1:9', token: 't' };

describe('SourceRegistry', () => {
  it('keeps the modules in their order', () => {
    expect(new SourceRegistry([...BUILTIN_SOURCES, acme]).names).toEqual(['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR', 'ACME']);
  });

  it('refuses a name listed twice, or one that cannot be a GraphQL enum value', () => {
    expect(() => new SourceRegistry([acme, acme])).toThrow(/listed twice/);
    expect(() => new SourceRegistry([{ ...acme, name: 'acme-lms' }])).toThrow(/must match/);
  });
});

describe('createConnectors', () => {
  it('builds the configured sources only, in registry order', () => {
    const registry = new SourceRegistry([acme, { ...acme, name: 'OTHER' }]);
    expect([...createConnectors(registry, { OTHER: acmeConfig, ACME: acmeConfig }, deps).keys()]).toEqual(['ACME', 'OTHER']);
    expect([...createConnectors(registry, { OTHER: acmeConfig }, deps).keys()]).toEqual(['OTHER']);
  });

  it('refuses a module whose declared writes are not what its writer does', () => {
    const liar: SourceModule = { ...acme, name: 'LIAR', capabilities: { ...acme.capabilities, writes: ['issue'] } };
    expect(() => createConnectors(new SourceRegistry([liar]), { LIAR: acmeConfig }, deps)).toThrow('source module LIAR declares writes [issue] but its writer does []');
  });
});
