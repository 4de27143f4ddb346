import { urlWith, type Env } from '../../env';
import { HealthTracker } from '../health';
import { INT } from '../id-patterns';
import { defineSource } from '../module';
import { createBodyMemo } from '../shape';
import { createEnsinioClient, type EnsinioConfig } from './client';

export type { EnsinioConfig } from './client';
import { createEnsinioLoaders } from './loaders';
import { createEnsinioWriter } from './writer';

function readEnsinioConfig(env: Env): EnsinioConfig | undefined {
  const [baseUrl, token] = urlWith(env, 'ENSINIO_BASE_URL', ['ENSINIO_TOKEN']);
  return baseUrl ? { baseUrl, token: token! } : undefined;
}

/** Ensinio public API v1: course certificates; issue and revoke; polled. */
export const ensinio = defineSource<EnsinioConfig>({
  name: 'ENSINIO',
  label: 'Ensinio',
  description: 'Ensinio: course certificates (read, issue, revoke; polled)',
  readConfig: readEnsinioConfig,
  secrets: (c) => [c.token],
  capabilities: { holderEmail: false, stories: false, actionTypes: false, certificationNamesByReference: false, writes: ['issue', 'revoke'], changes: 'polled' },
  ids: { Certificate: [INT, INT, INT], Resource: [INT], Certification: [INT] },
  createConnector(cfg, deps) {
    const health = new HealthTracker('ENSINIO', true, deps.clock);
    const client = createEnsinioClient(cfg, deps, health);
    const memo = createBodyMemo();
    return {
      source: 'ENSINIO',
      health,
      writer: createEnsinioWriter(client, health),
      invalidate: () => undefined, // nothing cached across requests
      createLoaders: (status) => createEnsinioLoaders(client, health, status, memo),
    };
  },
});
