/**
 * Falkor `v1/logs/story-certificates` simulator. POST with a JSON body of
 * optional filters (`app`, `story`, `groups[]`, `users[]`), `Authorization:
 * Basic <token>`; the answer groups certificates under their story, carries an
 * md5 `hash` of `data` and a `response_time` in seconds. No pagination.
 */
import { createHash } from 'node:crypto';
import { changeInstant, runChange, type ChangeKind, type LiveOptions } from './live';
import { Prng, utcOffsetMinutes, type FalkorCertificateItem, type FalkorSeed, type FalkorSeedCertificate, type FalkorStory, type FalkorUser } from './seed';
import { header, json, startSimServer, withGetters, type LiveSimulator, type SimRequest, type SimResponse, type Simulator } from './sim-server';

export interface FalkorCredentials {
  /** The already base64-encoded token, sent as `Authorization: Basic <token>`. */
  token: string;
}

export interface FalkorSimulatorOptions extends LiveOptions {
  data: FalkorSeed;
  credentials: FalkorCredentials;
  latencyMs?: number;
}

export interface FalkorSimulator extends LiveSimulator {
  /** The simulator's current certificates with their story (after any change). */
  readonly certificates: readonly FalkorSeedCertificate[];
}

const PATH = '/v1/logs/story-certificates';
const error = (status: number, message: string) => json(status, { status: 'error', message });
const lower = (s: string) => s.trim().toLowerCase();

/** Falkor's delivery timestamp: the holder's local wall-clock time with its UTC offset. */
function localTimestamp(ms: number, country: string): string {
  const offset = utcOffsetMinutes(country, new Date(ms).getUTCMonth() + 1);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export async function startFalkorSimulator(opts: FalkorSimulatorOptions): Promise<FalkorSimulator> {
  const { data, credentials } = opts;
  // A copy: changes must not leak into the caller's seed object.
  const certificates: FalkorSeedCertificate[] = structuredClone(data.certificates);
  const rng = new Prng(opts.changeSeed ?? 1);
  const groupsOf = new Map(data.users.map((u) => [lower(u.email), u.groups.map(lower)]));

  const search = (body: Record<string, unknown>): SimResponse => {
    for (const key of ['app', 'story'] as const) {
      if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') return error(400, `Parameter "${key}" must be a string`);
    }
    for (const key of ['groups', 'users'] as const) {
      const v = body[key];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) return error(400, `Parameter "${key}" must be an array of strings`);
    }
    const app = body.app as string | undefined;
    const story = body.story as string | undefined;
    const groups = (body.groups as string[] | undefined)?.map(lower);
    const users = (body.users as string[] | undefined)?.map(lower);

    // Everything lives in one app; naming another one (by ID or name) simply matches nothing.
    const appMatches = !app || app.trim() === data.app.ID || lower(app) === lower(data.app.name);
    const storyMatches = (s: FalkorStory) => !story || story.trim() === s.ID || lower(story) === lower(s.name);
    const userMatches = (c: FalkorCertificateItem) =>
      !users || users.length === 0 || users.includes(lower(c.email)) || users.includes(lower(`${c.firstname} ${c.lastname}`));
    const groupMatches = (c: FalkorCertificateItem) =>
      !groups || groups.length === 0 || (groupsOf.get(lower(c.email)) ?? []).some((g) => groups.includes(g));

    const result = !appMatches ? [] : data.stories.filter(storyMatches).map((s) => ({
      story: { name: s.name, type: s.type, ID: s.ID },
      certificates: certificates.filter((c) => c.storyId === s.ID && userMatches(c.item) && groupMatches(c.item)).map((c) => c.item),
    })).filter((entry) => entry.certificates.length > 0); // stories without a matching certificate are omitted
    return json(200, { status: 'success', data: result, hash: createHash('md5').update(JSON.stringify(result)).digest('hex') });
  };

  // ---------------------------------------------------------------- changes over time

  const storyName = (id: string) => data.stories.find((s) => s.ID === id)?.name ?? id;
  const describe = (c: FalkorSeedCertificate) => `"${storyName(c.storyId)}" of ${c.item.email}`;
  const permalink = () => `https://certificates.falkor.example/c/${rng.chars(32, '0123456789abcdef')}`;
  const nowIn = (country: string) => localTimestamp(changeInstant(opts.today), country);

  /** A user finishes a story they had no certificate of; often it is still being generated (pending). */
  const createOne = (): string | null => {
    for (let tries = 0; tries < 50 && data.users.length > 0; tries++) {
      const user: FalkorUser = rng.pick(data.users);
      const story = rng.pick(data.stories);
      if (certificates.some((c) => c.storyId === story.ID && lower(c.item.email) === lower(user.email))) continue;
      const pending = rng.chance(0.4);
      const created: FalkorSeedCertificate = {
        storyId: story.ID,
        item: {
          firstname: user.firstname, lastname: user.lastname, email: user.email, telephone: user.telephone, country: user.country, city: user.city,
          certificate: { timestamp: nowIn(user.country), state: pending ? 'pending' : 'delivered', url: pending ? '' : permalink() },
        },
      };
      certificates.push(created);
      return `Falkor: ${pending ? 'started generating' : 'delivered'} ${describe(created)}`;
    }
    return null;
  };

  /** A pending certificate is delivered (permalink and delivery time), else a delivered one is re-issued. */
  const updateOne = (): string | null => {
    if (certificates.length === 0) return null;
    const pending = certificates.filter((c) => c.item.certificate.state === 'pending');
    const c = pending.length > 0 ? rng.pick(pending) : rng.pick(certificates);
    const was = c.item.certificate.state;
    // The timestamp stays: with no id of its own, a story certificate is known by story, user and
    // timestamp, so a new timestamp would be another certificate (a removal and a creation).
    c.item.certificate = { ...c.item.certificate, state: 'delivered', url: permalink() };
    return `Falkor: ${was === 'pending' ? 'delivered pending' : 're-issued (new link)'} ${describe(c)}`;
  };

  const deleteOne = (): string | null => {
    if (certificates.length === 0) return null;
    const [gone] = certificates.splice(Math.floor(rng.next() * certificates.length), 1);
    return `Falkor: removed ${describe(gone)}`;
  };

  const change = (asked?: ChangeKind): string => runChange(rng, asked, 'Falkor', { create: createOne, update: updateOne, delete: deleteOne });

  const handler = (req: SimRequest): SimResponse => {
    const started = process.hrtime.bigint();
    if (req.path !== PATH && req.path !== `${PATH}/`) return error(404, 'Not found');
    if (req.method !== 'POST') return error(405, 'Method not allowed');
    const basic = /^Basic\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    if (basic !== credentials.token) return error(401, 'Invalid credentials');
    // curl -d sends a form content type with a JSON body, so the content type is not trusted; the body must be JSON.
    if (typeof req.body === 'string') return error(400, 'Invalid JSON body');
    const body = req.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) return error(400, 'The request body must be a JSON object');
    const answer = search(body as Record<string, unknown>);
    if (answer.status === 200) (answer.json as Record<string, unknown>).response_time = Number(process.hrtime.bigint() - started) / 1e9;
    return answer;
  };

  const sim = await startSimServer(handler, { latencyMs: opts.latencyMs, errorBody: (_status, message) => ({ status: 'error', message }), change });
  return withGetters<Simulator & { change: typeof change }, { certificates: readonly FalkorSeedCertificate[] }>(Object.assign(sim, { change }), { certificates: () => certificates });
}
