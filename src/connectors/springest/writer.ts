import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../../errors';
import type { SlotLimit, SlotScheduler } from '../slots';

/** Springest's documented limit: 30 uploads a minute, with a second of margin for network jitter; at most 15 s of queueing. */
export const SPRINGEST_UPLOAD_LIMIT: SlotLimit = { limit: 30, windowMs: 60_000, maxWaitMs: 15_000, marginMs: 1_000 };
import type { HealthTracker } from '../health';
import { asObject, mapOrFail } from '../shape';
import type { CertificateWriter } from '../types';
import type { SpringestClient, SpringestUpload } from './client';
import { toCertificate } from './mapper';

/** input.springest of issueCertificate: the PDF comes base64-encoded in GraphQL and goes as a real file to Springest. */
export interface SpringestIssueInput {
  certificationId: number;
  email: string;
  validFrom: string;
  validUntil?: string;
  conversionId?: number;
  fileBase64: string;
  fileName?: string;
}

export function toUpload(s: SpringestIssueInput): SpringestUpload {
  return {
    certificationId: s.certificationId,
    email: s.email.trim().toLowerCase(),
    validFrom: s.validFrom,
    validUntil: s.validUntil,
    conversionId: s.conversionId,
    file: { name: s.fileName ?? 'certificate.pdf', bytes: Buffer.from(s.fileBase64.replace(/\s/g, ''), 'base64') },
  };
}

/**
 * Uploads through Springest's POST, never faster than its 30 a minute: every
 * upload first reserves a slot (shared by all replicas when Redis is
 * configured) and waits for it; when the wait would be too long the client is
 * told to retry later and nothing is sent.
 */
export function createSpringestWriter(client: SpringestClient, health: HealthTracker, slots: SlotScheduler): CertificateWriter {
  return {
    async issue(input: SpringestIssueInput) {
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
      const body = await client.upload(toUpload(input));
      client.forgetInflight();
      return mapOrFail('SPRINGEST', health, () => {
        const o = asObject(body, 'Springest upload answer');
        return toCertificate(o.certificate ?? o);
      });
    },
  };
}
