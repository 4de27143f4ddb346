import type { FourHseConfig } from '../../config';
import type { ConnectorDeps } from '../deps';
import { HealthTracker } from '../health';
import type { Connector } from '../types';
import { createFourHseClient } from './client';
import { createFourHseLoaders } from './loaders';
import { createFourHseWriter } from './writer';
import { createBodyMemo } from '../shape';

export { toCertificate as fourHseCertificateToRecord } from './mapper';

export function createFourHseConnector(cfg: FourHseConfig, deps: ConnectorDeps): Connector {
  const health = new HealthTracker('FOURHSE', true, deps.clock);
  const client = createFourHseClient(cfg, deps, health);
  const memo = createBodyMemo();
  return {
    source: 'FOURHSE',
    health,
    hasHolderEmail: false,
    writer: createFourHseWriter(client, health),
    invalidate: () => undefined, // nothing cached across requests
    createLoaders: (status) => createFourHseLoaders(client, health, status, memo),
  };
}
