import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../../errors';
import type { SlotScheduler } from '../../writes/slots';
import type { HealthTracker } from '../health';
import { asObject, mapOrFail } from '../shape';
import type { CertificateWriter } from '../types';
import type { SpringestClient } from './client';
import { toCertificate } from './mapper';

/**
 * Uploads through Springest's POST, never faster than its 30 a minute: every
 * upload first reserves a slot (shared by all replicas when Redis is
 * configured) and waits for it; when the wait would be too long the client is
 * told to retry later and nothing is sent.
 */
export function createSpringestWriter(client: SpringestClient, health: HealthTracker, slots: SlotScheduler): CertificateWriter {
  return {
    async issue(req) {
      if (req.source !== 'SPRINGEST') throw new Error(`Springest writer given a ${req.source} request`);
      const slot = await slots.reserve();
      if (!slot.ok) {
        const retryAfter = Math.max(1, Math.ceil(slot.retryAfterMs / 1000));
        throw new GatewayError(`SPRINGEST accepts at most 30 uploads a minute; the queue is full, retry after ${retryAfter} s`, {
          code: 'RATE_LIMITED',
          source: 'SPRINGEST',
          retryAfter,
        });
      }
      if (slot.waitMs > 0) await sleep(slot.waitMs);
      const body = await client.upload(req.upload);
      client.forgetInflight();
      return mapOrFail('SPRINGEST', health, () => {
        const o = asObject(body, 'Springest upload answer');
        return toCertificate(o.certificate ?? o);
      });
    },
  };
}
