import { HealthTracker } from '../health';
import { defineSource } from '../module';
import { createBodyMemo } from '../shape';
import { UUID } from '../id-patterns';
import { createFourHseClient } from './client';
import { readFourHseConfig, type FourHseConfig } from './config';
import { createFourHseLoaders } from './loaders';
import { fourHseWebhook } from './webhook';
import { createFourHseWriter } from './writer';

export { toCertificate as fourHseCertificateToRecord } from './mapper';
export type { FourHseConfig } from './config';

/** 4HSE Certificate API v2: certificates of people, equipment, substances …; full CRUD; webhooks. */
export const fourhse = defineSource<FourHseConfig>({
  name: 'FOURHSE',
  label: '4HSE',
  description: '4HSE: certificates of people, equipment, substances, offices … (read, write, webhooks)',
  readConfig: readFourHseConfig,
  secrets: (c) => [c.accessToken, c.oauth?.password],
  capabilities: { holderEmail: false, stories: false, actionTypes: true, certificationNamesByReference: false, writes: ['issue', 'update', 'revoke'], changes: 'pushed', revokePreview: true },
  ids: { Certificate: [UUID], Resource: [UUID] },
  webhook: { path: '4hse', secretVariable: 'FOURHSE_WEBHOOK_SECRET', parser: fourHseWebhook },
  createConnector(cfg, deps) {
    const health = new HealthTracker('FOURHSE', true, deps.clock);
    const client = createFourHseClient(cfg, deps, health);
    const memo = createBodyMemo();
    return {
      source: 'FOURHSE',
      health,
      writer: createFourHseWriter(client, health),
      invalidate: () => undefined, // nothing cached across requests
      createLoaders: (status) => createFourHseLoaders(client, health, status, memo),
    };
  },
});
