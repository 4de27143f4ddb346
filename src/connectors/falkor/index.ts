import type { FalkorConfig } from '../../config';
import type { ConnectorDeps } from '../deps';
import { HealthTracker } from '../health';
import type { Connector } from '../types';
import { createFalkorClient } from './client';
import { createFalkorLoaders } from './loaders';
import { createBodyMemo } from '../shape';

export function createFalkorConnector(cfg: FalkorConfig, deps: ConnectorDeps): Connector {
  const health = new HealthTracker('FALKOR', true, deps.clock);
  const client = createFalkorClient(cfg, deps, health);
  const memo = createBodyMemo();
  return {
    source: 'FALKOR',
    health,
    hasHolderEmail: true,
    invalidate: () => undefined, // nothing cached across requests
    createLoaders: (status) => createFalkorLoaders(client, health, status, memo),
  };
}
