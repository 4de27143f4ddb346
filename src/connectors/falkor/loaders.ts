import { DataLoader } from '../traced-loader';
import type { CertificateRecord, ResourceRecord, StoryRecord } from '../../domain';
import type { CertificateCriteria, StatusContext } from '../../query';
import type { HealthTracker } from '../health';
import { mapOrFail } from '../shape';
import type { SourceLoaders } from '../types';
import { stableKey, windowOf } from '../types';
import type { FalkorClient } from './client';
import type { FalkorRequestDto } from './dto';
import { storyGroups, toCertificates, toStory } from './mapper';

type Filter = Pick<FalkorRequestDto, 'story' | 'users'>;

export function pushdownBody(c: CertificateCriteria): Filter {
  const f: Filter = {};
  if (c.storyId !== undefined) f.story = c.storyId;
  const email = c.holder?.sourceId ?? c.holderEmail;
  if (email) f.users = [email];
  return f;
}

/**
 * Falkor's `users` filter is an array: requests in one tick that differ only
 * by their users become one POST with all of them, split again by email.
 */
export function batchRequests(filters: readonly Filter[]): { body: Filter; members: number[] }[] {
  const batches = new Map<string, { body: Filter; members: number[] }>();
  filters.forEach((f, i) => {
    const group = f.users ? `users|${f.story ?? ''}` : `all|${stableKey(f)}`;
    const b = batches.get(group) ?? { body: { ...(f.story !== undefined ? { story: f.story } : {}), ...(f.users ? { users: [] } : {}) }, members: [] };
    if (f.users) for (const u of f.users) if (!b.body.users!.includes(u)) b.body.users!.push(u);
    b.members.push(i);
    batches.set(group, b);
  });
  return [...batches.values()];
}

export function createFalkorLoaders(
  client: FalkorClient,
  health: HealthTracker,
  status: StatusContext,
  memo: <T>(body: unknown, map: () => T) => T,
): SourceLoaders {
  const storiesSeen = new Map<string, StoryRecord>();
  const certificates = new DataLoader<Filter, CertificateRecord[], string>(
    async (filters) => {
      const out = new Array<CertificateRecord[] | Error>(filters.length);
      await Promise.all(
        batchRequests(filters).map(async ({ body, members }) => {
          try {
            const raw = await client.storyCertificates(body);
            const groups = memo(raw, () => mapOrFail('FALKOR', health, () => storyGroups(raw).map((g) => ({ story: toStory((g as { story: unknown }).story), certificates: toCertificates(g) }))));
            // The stories an answer names, certificates or not: storyById reads them from here.
            for (const g of groups) if (!storiesSeen.has(g.story.sourceId)) storiesSeen.set(g.story.sourceId, g.story);
            const all = groups.flatMap((g) => g.certificates);
            for (const i of members) {
              const users = filters[i].users?.map((u) => u.toLowerCase());
              out[i] = users ? all.filter((c) => users.includes(c.holder.email!)) : all;
            }
          } catch (e) {
            for (const i of members) out[i] = e as Error;
          }
        }),
      );
      return out;
    },
    { name: 'FALKOR.certificates', cacheKeyFn: (f) => stableKey(f) },
  );
  const guard = <T>(fn: () => Promise<T>) => fn().catch((e: Error) => e);

  return {
    async listCertificates(req) {
      return windowOf(await certificates.load(pushdownBody(req.criteria)), req, status);
    },
    certificateByKey: new DataLoader<string, CertificateRecord | null>((keys) =>
      Promise.all(
        keys.map((k) =>
          guard(async () => {
            const [storyId, email, timestamp] = JSON.parse(k) as string[];
            const all = await certificates.load({ users: [email] });
            return all.find((c) => c.story?.sourceId === storyId && c.key[2] === timestamp) ?? null;
          }),
        ),
      ),
    ),
    resourceById: new DataLoader<string, ResourceRecord | null>((emails) =>
      Promise.all(emails.map((email) => guard(async () => (await certificates.load({ users: [email] }))[0]?.holder ?? null))),
    ),
    storyById: new DataLoader<string, StoryRecord | null>((ids) =>
      Promise.all(
        ids.map((id) =>
          guard(async () => {
            // The very request of the story's certificates list, so story(id) { certificates } costs one POST.
            await certificates.load({ story: id });
            // Falkor matches `story` by ID or name; only an exact ID match is this story.
            return storiesSeen.get(id) ?? null;
          }),
        ),
      ),
    ),
    async listStories() {
      const all = await certificates.load({});
      const stories = new Map<string, StoryRecord>();
      for (const c of all) if (c.story && !stories.has(c.story.sourceId)) stories.set(c.story.sourceId, c.story);
      return [...stories.values()];
    },
  };
}
