import { DataLoader } from '../traced-loader';
import type { CertificateRecord, CertificationRecord, ResourceRecord } from '../../domain';
import type { CertificateCriteria, StatusContext } from '../../query';
import type { HealthTracker } from '../health';
import { mapOrFail } from '../shape';
import type { SourceLoaders } from '../types';
import { countBy, stableKey, windowOf } from '../types';
import type { EnsinioClient } from './client';
import type { EnsinioListQuery } from './dto';
import { toCertificate, toPage } from './mapper';

/** Ensinio validates per_page; 100 is the largest page its Laravel validation accepts in our experience. */
export const PER_PAGE = 100;

type Filter = Omit<EnsinioListQuery, 'page' | 'per_page'>;

export function pushdownQuery(c: CertificateCriteria): Filter {
  const q: Filter = {};
  if (c.holder) q.user_id = c.holder.sourceId;
  if (c.certification) q.group_id = c.certification.sourceId;
  return q;
}

export function createEnsinioLoaders(
  client: EnsinioClient,
  health: HealthTracker,
  status: StatusContext,
  memo: <T>(body: unknown, map: () => T) => T,
): SourceLoaders {
  const pageLoader = new DataLoader<EnsinioListQuery, ReturnType<typeof toPage>, string>(
    (queries) =>
      Promise.all(
        queries.map(async (q) => {
          try {
            const body = await client.list(q);
            return mapOrFail('ENSINIO', health, () => toPage(body));
          } catch (e) {
            return e as Error;
          }
        }),
      ),
    { name: 'ENSINIO.pages', cacheKeyFn: (q) => stableKey(q as unknown as Record<string, unknown>) },
  );

  /** All pages: the first tells how many there are, the others are fetched in parallel. */
  const allLoader = new DataLoader<Filter, CertificateRecord[], string>(
    (filters) =>
      Promise.all(
        filters.map(async (f) => {
          try {
            const first = await pageLoader.load({ ...f, page: 1, per_page: PER_PAGE });
            const rest = await Promise.all(
              Array.from({ length: Math.max(0, first.lastPage - 1) }, (_, i) => pageLoader.load({ ...f, page: i + 2, per_page: PER_PAGE })),
            );
            return [first, ...rest].flatMap((p) => memo(p.items, () => mapOrFail('ENSINIO', health, () => p.items.map(toCertificate))));
          } catch (e) {
            return e as Error;
          }
        }),
      ),
    { name: 'ENSINIO.lists', cacheKeyFn: (f) => stableKey(f) },
  );

  // The same request as the list with that filter, so a resource or course and its certificates cost one call.
  const firstOf = async (f: Filter): Promise<CertificateRecord | null> => (await allLoader.load(f))[0] ?? null;
  const guard = <T>(fn: () => Promise<T>) => fn().catch((e: Error) => e);

  return {
    async listCertificates(req) {
      return windowOf(await allLoader.load(pushdownQuery(req.criteria)), req, status);
    },
    // No view endpoint: the key carries user and group, so one narrow list finds the certificate;
    // several certificates of one user in the same tick share one list of that user's.
    certificateByKey: new DataLoader<string, CertificateRecord | null>((keys) => {
      const parsed = keys.map((k) => JSON.parse(k) as string[]);
      const perUser = countBy(parsed.map(([, userId]) => userId));
      return Promise.all(
        parsed.map(([id, userId, groupId]) =>
          guard(async () => {
            const all = await allLoader.load(perUser.get(userId)! > 1 ? { user_id: userId } : { user_id: userId, group_id: groupId });
            return all.find((c) => c.sourceId === id) ?? null;
          }),
        ),
      );
    }),
    resourceById: new DataLoader<string, ResourceRecord | null>((ids) =>
      Promise.all(ids.map((id) => guard(async () => (await firstOf({ user_id: id }))?.holder ?? null))),
    ),
    certificationById: new DataLoader<string, CertificationRecord | null>((ids) =>
      Promise.all(ids.map((id) => guard(async () => (await firstOf({ group_id: id }))?.certification ?? null))),
    ),
    async listCertifications() {
      const all = await allLoader.load({});
      const groups = new Map<string, CertificationRecord>();
      for (const c of all) if (c.certification && !groups.has(c.certification.sourceId)) groups.set(c.certification.sourceId, c.certification);
      return [...groups.values()];
    },
  };
}
