/**
 * Falkor `v1/logs/story-certificates` simulator. POST with a JSON body of
 * optional filters (`app`, `story`, `groups[]`, `users[]`), `Authorization:
 * Basic <token>`; the answer groups certificates under their story, carries an
 * md5 `hash` of `data` and a `response_time` in seconds. No pagination.
 */
import { createHash } from 'node:crypto';
import type { FalkorCertificateItem, FalkorSeed, FalkorStory } from './seed';
import { header, json, startSimServer, type SimRequest, type SimResponse, type Simulator } from './sim-server';

export interface FalkorCredentials {
  /** The already base64-encoded token, sent as `Authorization: Basic <token>`. */
  token: string;
}

export interface FalkorSimulatorOptions {
  data: FalkorSeed;
  credentials: FalkorCredentials;
  latencyMs?: number;
}

export type FalkorSimulator = Simulator;

const PATH = '/v1/logs/story-certificates';
const error = (status: number, message: string) => json(status, { status: 'error', message });
const lower = (s: string) => s.trim().toLowerCase();

export async function startFalkorSimulator(opts: FalkorSimulatorOptions): Promise<FalkorSimulator> {
  const { data, credentials } = opts;
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
      certificates: data.certificates.filter((c) => c.storyId === s.ID && userMatches(c.item) && groupMatches(c.item)).map((c) => c.item),
    })).filter((entry) => entry.certificates.length > 0); // stories without a matching certificate are omitted
    return json(200, { status: 'success', data: result, hash: createHash('md5').update(JSON.stringify(result)).digest('hex') });
  };

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

  return startSimServer(handler, { latencyMs: opts.latencyMs, errorBody: (_status, message) => ({ status: 'error', message }) });
}
