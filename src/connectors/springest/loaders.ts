import { DataLoader } from '../traced-loader';
import type { CertificateRecord, CertificationRecord, ResourceRecord } from '../../domain';
import type { CertificateCriteria, StatusContext } from '../../query';
import type { HealthTracker } from '../health';
import { mapOrFail } from '../shape';
import type { SourceLoaders } from '../types';
import { countBy, stableKey, windowOf } from '../types';
import type { SpringestClient } from './client';
import type { SpringestCertificatesQuery } from './dto';
import { certificateList, toCertificate } from './mapper';

/** email and certification_id go upstream; the rest is applied in the gateway. */
export function pushdownQuery(c: CertificateCriteria): SpringestCertificatesQuery {
  const q: SpringestCertificatesQuery = {};
  const email = c.holder?.sourceId ?? c.holderEmail;
  if (email) q.email = email;
  if (c.certification) q.certification_id = c.certification.sourceId;
  return q;
}

export function createSpringestLoaders(
  client: SpringestClient,
  health: HealthTracker,
  status: StatusContext,
  certifications: () => Promise<Map<string, CertificationRecord> | null>,
  memo: <T>(body: unknown, map: () => T) => T,
): SourceLoaders {
  const byQuery = new DataLoader<SpringestCertificatesQuery, CertificateRecord[], string>(
    (queries) =>
      Promise.all(
        queries.map(async (q) => {
          try {
            const body = await client.certificates(q);
            return memo(body, () => mapOrFail('SPRINGEST', health, () => certificateList(body).map(toCertificate)));
          } catch (e) {
            return e as Error;
          }
        }),
      ),
    { name: 'SPRINGEST.certificates', cacheKeyFn: (q) => stableKey(q as Record<string, unknown>) },
  );

  return {
    async listCertificates(req) {
      return windowOf(await byQuery.load(pushdownQuery(req.criteria)), req, status);
    },
    // No view endpoint: the key carries holder and certification, so one narrow list finds the certificate;
    // several certificates of one holder in the same tick share one list of that holder's.
    certificateByKey: new DataLoader<string, CertificateRecord | null>((keys) => {
      const parsed = keys.map((k) => JSON.parse(k) as string[]);
      const perHolder = countBy(parsed.map(([, email]) => email));
      return Promise.all(
        parsed.map(async ([id, email, certificationId]) => {
          if (!id || !email || !certificationId) return null;
          try {
            const all = await byQuery.load(perHolder.get(email)! > 1 ? { email } : { email, certification_id: certificationId });
            return all.find((c) => c.sourceId === id) ?? null;
          } catch (e) {
            return e as Error;
          }
        }),
      );
    }),
    resourceById: new DataLoader<string, ResourceRecord | null>((emails) =>
      Promise.all(
        emails.map(async (email) => {
          try {
            const all = await byQuery.load({ email });
            return all[0]?.holder ?? null;
          } catch (e) {
            return e as Error;
          }
        }),
      ),
    ),
    certificationById: new DataLoader<string, CertificationRecord | null>(async (ids) => {
      try {
        const all = await certifications();
        // Without the certifications key the names are unknown, but the reference itself is still valid.
        return ids.map((id) => (all ? all.get(id) ?? null : { source: 'SPRINGEST', sourceId: id, name: null, description: null }));
      } catch (e) {
        return ids.map(() => e as Error);
      }
    }),
    async listCertifications() {
      const all = await certifications();
      return all ? [...all.values()] : [];
    },
  };
}
