import type { SpringestConfig } from '../../config';
import type { CertificationRecord } from '../../domain';
import type { ConnectorDeps } from '../deps';
import { HealthTracker } from '../health';
import { createBodyMemo, mapOrFail } from '../shape';
import { createTtlValue } from '../ttl-cache';
import type { Connector } from '../types';
import { createSpringestClient } from './client';
import { createSpringestLoaders } from './loaders';
import { createSpringestWriter } from './writer';
import { certificationList, toCertification } from './mapper';

/** Certifications are created by hand in Springest's admin and verified by its staff: five minutes of staleness is harmless. */
export const CERTIFICATIONS_TTL_MS = 5 * 60_000;

export function createSpringestConnector(cfg: SpringestConfig, deps: ConnectorDeps): Connector {
  const health = new HealthTracker('SPRINGEST', true, deps.clock);
  const client = createSpringestClient(cfg, deps, health);
  const memo = createBodyMemo();
  const certifications = createTtlValue(deps.clock, CERTIFICATIONS_TTL_MS, async () => {
    const body = await client.certifications();
    if (body === null) return null;
    return mapOrFail('SPRINGEST', health, () => new Map<string, CertificationRecord>(certificationList(body).map(toCertification).map((c) => [c.sourceId, c])));
  });
  return {
    source: 'SPRINGEST',
    health,
    hasHolderEmail: true,
    writer: createSpringestWriter(client, health, deps.springestUploads),
    invalidate: () => certifications.clear(),
    createLoaders: (status) => createSpringestLoaders(client, health, status, certifications.get, memo),
  };
}
