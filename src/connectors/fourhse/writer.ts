import type { CertificateRecord } from '../../domain';
import { notFound } from '../../errors';
import type { HealthTracker } from '../health';
import { mapOrFail } from '../shape';
import type { CertificateFields, CertificateWriter } from '../types';
import type { FourHseClient } from './client';
import { toAffected, toCertificate, toWriteBody } from './mapper';

/** input.fourhse of issueCertificate: the fields a new 4HSE certificate must have, and the others it may. */
export type FourHseIssueInput = CertificateFields & Required<Pick<CertificateFields, 'name' | 'issuedOn' | 'actionType' | 'resourceId' | 'tenantId'>>;

/**
 * Create, update and delete through 4HSE's own endpoints. After a write the
 * certificate is read back with view/{id}: the create and update answers omit
 * resource_type, resource_name and project_name, and the mutation must return
 * the certificate as 4HSE now holds it.
 */
export function createFourHseWriter(client: FourHseClient, health: HealthTracker): CertificateWriter {
  const map = (raw: unknown) => mapOrFail('FOURHSE', health, () => toCertificate(raw));

  async function readBack(id: string, fallback: unknown): Promise<CertificateRecord> {
    client.forgetInflight();
    const fresh = await client.view(id).catch(() => null);
    return map(fresh ?? fallback);
  }

  return {
    async issue(input: FourHseIssueInput) {
      const created = await client.create(toWriteBody(input));
      const id = map(created).sourceId;
      return readBack(id, created);
    },
    async update(key, fields: CertificateFields) {
      const [id] = key;
      const updated = await client.update(id, toWriteBody(fields));
      if (updated === null) throw notFound(`4HSE has no certificate ${id}`);
      return readBack(id, { ...(updated as object), certificate_id: id });
    },
    async revoke(key, force) {
      const [id] = key;
      const res = await client.remove(id, force);
      client.forgetInflight();
      if (res === null) throw notFound(`4HSE has no certificate ${id}`);
      if (!force) {
        // 4HSE deletes nothing without force: it answers what a forced delete would remove.
        return { revoked: false, affected: toAffected(res.body), message: 'Preview only: nothing was deleted; repeat with force: true to delete these entities.' };
      }
      return { revoked: true, affected: [], message: null };
    },
  };
}
