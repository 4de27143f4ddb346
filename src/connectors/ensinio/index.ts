import type { EnsinioConfig } from '../../config';
import type { ConnectorDeps } from '../deps';
import { HealthTracker } from '../health';
import type { Connector } from '../types';
import { createEnsinioClient } from './client';
import { createEnsinioLoaders } from './loaders';
import { createEnsinioWriter } from './writer';
import { createBodyMemo } from '../shape';

export function createEnsinioConnector(cfg: EnsinioConfig, deps: ConnectorDeps): Connector {
  const health = new HealthTracker('ENSINIO', true, deps.clock);
  const client = createEnsinioClient(cfg, deps, health);
  const memo = createBodyMemo();
  return {
    source: 'ENSINIO',
    health,
    hasHolderEmail: false,
    writer: createEnsinioWriter(client, health),
    invalidate: () => undefined, // nothing cached across requests
    createLoaders: (status) => createEnsinioLoaders(client, health, status, memo),
  };
}
