import { notFound } from '../../errors';
import type { HealthTracker } from '../health';
import { mapOrFail } from '../shape';
import type { CertificateWriter } from '../types';
import type { EnsinioClient } from './client';
import { toCertificate } from './mapper';

/** Which of group and user Ensinio did not find, from its Laravel message ("No query results for model [App\Models\Group] 12"). */
export function missingThing(message: string, groupId: number, userId: number): string {
  if (/group/i.test(message)) return `Ensinio has no course (group) ${groupId}`;
  if (/user|member/i.test(message)) return `Ensinio has no user ${userId}`;
  return `Ensinio did not find group ${groupId} or user ${userId}`;
}

/** input.ensinio of issueCertificate. */
export interface EnsinioIssueInput {
  groupId: number;
  userId: number;
  conclusionDate: string;
}

/** Issue and revoke: Ensinio's POST and DELETE /certificates. Ensinio has no update. */
export function createEnsinioWriter(client: EnsinioClient, health: HealthTracker): CertificateWriter {
  return {
    async issue(req: EnsinioIssueInput) {
      const res = await client.issue({ group_id: req.groupId, user_id: req.userId, conclusion_date: req.conclusionDate });
      client.forgetInflight();
      if ('notFound' in res) throw notFound(missingThing(res.notFound, req.groupId, req.userId));
      return mapOrFail('ENSINIO', health, () => toCertificate(res.created));
    },
    async revoke(key) {
      const [id] = key;
      const res = await client.revoke(id);
      client.forgetInflight();
      if (!res.found) throw notFound(`Ensinio has no certificate ${id}`);
      return { revoked: true, affected: [], message: res.message };
    },
  };
}
