import { urlWith, type Env } from '../../env';
import { HealthTracker } from '../health';
import { EMAIL } from '../id-patterns';
import { defineSource } from '../module';
import { createBodyMemo } from '../shape';
import { createFalkorClient, type FalkorConfig } from './client';

export type { FalkorConfig } from './client';
import { createFalkorLoaders } from './loaders';

/** A story's id as Falkor issues it. */
const STORY = /^[A-Za-z0-9 _.-]{1,128}$/;
/** Falkor certificates have no id: they are known by story, user and delivery time. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T[0-9:.+\-Z]{5,40}$/;

function readFalkorConfig(env: Env): FalkorConfig | undefined {
  const [baseUrl, token] = urlWith(env, 'FALKOR_BASE_URL', ['FALKOR_TOKEN']);
  return baseUrl ? { baseUrl, token: token! } : undefined;
}

/** Falkor's v1/logs/story-certificates: story, assessment, survey and SCORM certificates; read only; polled. */
export const falkor = defineSource<FalkorConfig>({
  name: 'FALKOR',
  label: 'Falkor',
  description: 'Falkor: story certificates (read only; polled)',
  readConfig: readFalkorConfig,
  secrets: (c) => [c.token],
  capabilities: { holderEmail: true, stories: true, actionTypes: false, certificationNamesByReference: false, writes: [], changes: 'polled' },
  ids: { Certificate: [STORY, EMAIL, TIMESTAMP], Resource: [EMAIL], Story: [STORY] },
  createConnector(cfg, deps) {
    const health = new HealthTracker('FALKOR', true, deps.clock);
    const client = createFalkorClient(cfg, deps, health);
    const memo = createBodyMemo();
    return {
      source: 'FALKOR',
      health,
      invalidate: () => undefined, // nothing cached across requests
      createLoaders: (status) => createFalkorLoaders(client, health, status, memo),
    };
  },
});
