import type { CertificationRecord } from '../../domain';
import { urlWith, type Env } from '../../env';
import { HealthTracker } from '../health';
import { EMAIL, INT } from '../id-patterns';
import { defineSource } from '../module';
import { createBodyMemo, mapOrFail } from '../shape';
import { createTtlValue } from '../ttl-cache';
import { createSpringestClient, type SpringestConfig } from './client';

export type { SpringestConfig } from './client';
import { createSpringestLoaders } from './loaders';
import { certificationList, toCertification } from './mapper';
import { createSpringestWriter, SPRINGEST_UPLOAD_LIMIT } from './writer';

/** Certifications are created by hand in Springest's admin and verified by its staff: five minutes of staleness is harmless. */
export const CERTIFICATIONS_TTL_MS = 5 * 60_000;

function readSpringestConfig(env: Env): SpringestConfig | undefined {
  const [baseUrl, apiKey, certificationsApiKey] = urlWith(env, 'SPRINGEST_BASE_URL', ['SPRINGEST_API_KEY'], ['SPRINGEST_CERTIFICATIONS_API_KEY']);
  return baseUrl ? { baseUrl, apiKey: apiKey!, certificationsApiKey } : undefined;
}

/** Springest: e-learning certificates and certifications; PDF upload, at most 30 a minute; polled. */
export const springest = defineSource<SpringestConfig>({
  name: 'SPRINGEST',
  label: 'Springest',
  description: 'Springest: e-learning certificates and certifications (read, PDF upload; polled)',
  readConfig: readSpringestConfig,
  secrets: (c) => [c.apiKey, c.certificationsApiKey],
  capabilities: { holderEmail: true, stories: false, actionTypes: false, certificationNamesByReference: true, writes: ['issue'], changes: 'polled', pdfUpload: true },
  ids: { Certificate: [INT, EMAIL, INT], Resource: [EMAIL], Certification: [INT] },
  createConnector(cfg, deps) {
    const health = new HealthTracker('SPRINGEST', true, deps.clock);
    const client = createSpringestClient(cfg, deps, health);
    const memo = createBodyMemo();
    const certifications = createTtlValue(deps.clock, CERTIFICATIONS_TTL_MS, async () => {
      const body = await client.certifications();
      if (body === null) return null;
      return mapOrFail('SPRINGEST', health, () => new Map<string, CertificationRecord>(certificationList(body).map(toCertification).map((c) => [c.sourceId, c])));
    }, (hit) => deps.metrics.cacheLookups.inc({ cache: 'springest_certifications', result: hit ? 'hit' : 'miss' }));
    return {
      source: 'SPRINGEST',
      health,
      writer: createSpringestWriter(client, health, deps.slots('springest:uploads', SPRINGEST_UPLOAD_LIMIT)),
      invalidate: () => certifications.clear(),
      createLoaders: (status) => createSpringestLoaders(client, health, status, certifications.get, memo),
    };
  },
});
