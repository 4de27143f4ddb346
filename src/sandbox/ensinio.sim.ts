/**
 * Ensinio public API simulator (Laravel). Every call needs
 * `Authorization: Bearer <token>` and `X-Requested-With: XMLHttpRequest`;
 * listing uses Laravel's LengthAwarePaginator envelope (`data`, `links`,
 * `meta`); validation errors answer 400 (as the vendor documents, not
 * Laravel's default 422) with `{message, errors: {field: [..]}}`.
 */
import { randomBytes } from 'node:crypto';
import { changeDay, runChange, type ChangeKind, type LiveOptions } from './live';
import { addPeriod, isIsoDate, Prng, type EnsinioCertificate, type EnsinioGroup, type EnsinioSeed, type EnsinioUser } from './seed';
import { first, header, json, text, startSimServer, withGetters, type LiveSimulator, type SimRequest, type SimResponse, type Simulator } from './sim-server';

export interface EnsinioCredentials { token: string }

export interface EnsinioSimulatorOptions extends LiveOptions {
  data: EnsinioSeed;
  credentials: EnsinioCredentials;
  latencyMs?: number;
}

export interface EnsinioSimulator extends LiveSimulator {
  /** The simulator's current certificates (after any issue/revoke). */
  readonly certificates: readonly EnsinioCertificate[];
}

const BASE = '/public/api/v1/certificates';
const INT = /^-?\d+$/;

const invalid = (errors: Record<string, string[]>) => json(400, { message: 'The given data was invalid.', errors });

/** Laravel's validation messages ("per_page" -> "per page"). */
function checkInt(errors: Record<string, string[]>, field: string, raw: string | undefined, min?: number, max?: number): number | undefined {
  if (raw === undefined) return undefined;
  const name = field.replace(/_/g, ' ');
  if (!INT.test(raw.trim())) {
    errors[field] = [`The ${name} must be an integer.`];
    return undefined;
  }
  const n = Number(raw);
  if (min !== undefined && n < min) errors[field] = [`The ${name} must be at least ${min}.`];
  else if (max !== undefined && n > max) errors[field] = [`The ${name} may not be greater than ${max}.`];
  return n;
}

export async function startEnsinioSimulator(opts: EnsinioSimulatorOptions): Promise<EnsinioSimulator> {
  const { data, credentials } = opts;
  const certificates: EnsinioCertificate[] = structuredClone(data.certificates);
  /** Ids only go up, as Laravel's auto-increment does: a revoked certificate's id is never given again. */
  let lastId = Math.max(100, ...certificates.map((c) => c.id));
  const rng = new Prng(opts.changeSeed ?? 1);

  const list = (req: SimRequest): SimResponse => {
    const errors: Record<string, string[]> = {};
    const userId = checkInt(errors, 'user_id', first(req.query.user_id));
    const groupId = checkInt(errors, 'group_id', first(req.query.group_id));
    const page = checkInt(errors, 'page', first(req.query.page), 1) ?? 1;
    const perPage = checkInt(errors, 'per_page', first(req.query.per_page), 1, 100) ?? 15;
    if (Object.keys(errors).length) return invalid(errors);

    const rows = certificates
      .filter((c) => userId === undefined || c.user_id === userId)
      .filter((c) => groupId === undefined || c.group_id === groupId)
      .sort((a, b) => a.id - b.id);
    const total = rows.length;
    const lastPage = Math.max(1, Math.ceil(total / perPage));
    const slice = rows.slice((page - 1) * perPage, page * perPage);
    const path = `${req.baseUrl}${BASE}`;
    // Links keep the other query parameters (Laravel's withQueryString()), page last, so `next` can be followed as is.
    const kept = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) if (k !== 'page') for (const one of [v].flat()) kept.append(k, one);
    const link = (p: number) => {
      const q = new URLSearchParams(kept);
      q.set('page', String(p));
      return `${path}?${q.toString()}`;
    };
    return json(200, {
      data: slice,
      links: { first: link(1), last: link(lastPage), prev: page > 1 ? link(page - 1) : null, next: page < lastPage ? link(page + 1) : null },
      meta: {
        current_page: page,
        from: slice.length ? (page - 1) * perPage + 1 : null,
        last_page: lastPage,
        path,
        per_page: perPage,
        to: slice.length ? (page - 1) * perPage + slice.length : null,
        total,
      },
    });
  };

  const issue = (req: SimRequest): SimResponse => {
    const body = (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {}) as Record<string, unknown>;
    const errors: Record<string, string[]> = {};
    for (const f of ['group_id', 'user_id']) {
      if (body[f] === undefined || body[f] === null || body[f] === '') errors[f] = [`The ${f.replace('_', ' ')} field is required.`];
      else {
        const v = body[f];
        const n = typeof v === 'number' ? v : typeof v === 'string' && INT.test(v) ? Number(v) : NaN;
        if (!Number.isInteger(n)) errors[f] = [`The ${f.replace('_', ' ')} must be an integer.`];
      }
    }
    if (body.conclusion_date === undefined || body.conclusion_date === null || body.conclusion_date === '') errors.conclusion_date = ['The conclusion date field is required.'];
    else if (!isIsoDate(body.conclusion_date)) errors.conclusion_date = ['The conclusion date does not match the format Y-m-d.'];
    if (Object.keys(errors).length) return invalid(errors);

    const group = data.groups.find((g) => g.id === Number(body.group_id));
    if (!group) return json(404, { message: `No query results for model [App\\Models\\Group] ${text(body.group_id)}` });
    const user = data.users.find((u) => u.id === Number(body.user_id));
    if (!user) return json(404, { message: `No query results for model [App\\Models\\User] ${text(body.user_id)}` });
    return json(201, issueFor(user, group, body.conclusion_date as string));
  };

  /** Issues (and stores) a certificate, as `POST` does and as a course completed on the platform would. */
  const issueFor = (user: EnsinioUser, group: EnsinioGroup, conclusion: string): EnsinioCertificate => {
    const earlier = certificates.find((c) => c.user_id === user.id && c.group_id === group.id);
    const id = (lastId += 1);
    const created: EnsinioCertificate = {
      id, user_id: user.id, group_id: group.id, group_name: group.name, alternative_name: null, member_name: user.name,
      platform_name: data.platformName, average_grade: null, member_photo: user.photo, link: `${data.platformUrl}/certificados/${id}`,
      hash: randomBytes(8).toString('hex'), ch: `${group.hours}h`, conclusion_date: conclusion,
      subscription_date: earlier?.subscription_date ?? null,
      expiration_date: group.validityMonths === null ? null : addPeriod(conclusion, 'MONTH', group.validityMonths),
    };
    certificates.push(created);
    return created;
  };

  // ---------------------------------------------------------------- changes over time

  const describe = (c: EnsinioCertificate) => `"${c.group_name}" of ${c.member_name} (#${c.id})`;

  /** A member completes a course they hold no certificate of yet. */
  const createOne = (): string | null => {
    for (let tries = 0; tries < 50 && data.users.length > 0; tries++) {
      const user = rng.pick(data.users);
      const group = rng.pick(data.groups);
      if (certificates.some((c) => c.user_id === user.id && c.group_id === group.id)) continue;
      const created = issueFor(user, group, changeDay(opts.today));
      return `Ensinio: issued ${describe(created)}, expires ${created.expiration_date ?? 'never'}`;
    }
    return null;
  };

  /** An unfinished enrolment concludes (so it gets its dates), or a grade is revised. */
  const updateOne = (): string | null => {
    if (certificates.length === 0) return null;
    const unfinished = certificates.filter((c) => c.conclusion_date === null);
    if (unfinished.length > 0 && rng.chance(0.5)) {
      const c = rng.pick(unfinished);
      const group = data.groups.find((g) => g.id === c.group_id);
      c.conclusion_date = changeDay(opts.today);
      c.expiration_date = group?.validityMonths ? addPeriod(c.conclusion_date, 'MONTH', group.validityMonths) : null;
      return `Ensinio: concluded ${describe(c)} on ${c.conclusion_date}, expires ${c.expiration_date ?? 'never'}`;
    }
    const c = rng.pick(certificates);
    const old = c.average_grade;
    let grade = rng.int(60, 100) / 10;
    if (grade === old) grade = grade >= 10 ? 9.5 : grade + 0.5;
    c.average_grade = grade;
    return `Ensinio: regraded ${describe(c)}: average_grade ${old} -> ${grade}`;
  };

  const deleteOne = (): string | null => {
    if (certificates.length === 0) return null;
    const [gone] = certificates.splice(Math.floor(rng.next() * certificates.length), 1);
    return `Ensinio: revoked ${describe(gone)}`;
  };

  const change = (asked?: ChangeKind): string => runChange(rng, asked, 'Ensinio', { create: createOne, update: updateOne, delete: deleteOne });

  const handler = (req: SimRequest): SimResponse => {
    const m = /^\/public\/api\/v1\/certificates(?:\/([^/]+))?\/?$/.exec(req.path);
    // Laravel matches the route before running the auth middleware.
    if (!m) return json(404, { message: `The route ${req.path.replace(/^\//, '')} could not be found.` });
    const allowed = m[1] === undefined ? ['GET', 'HEAD', 'POST'] : ['DELETE'];
    if (!allowed.includes(req.method)) return json(405, { message: `The ${req.method} method is not supported for this route. Supported methods: ${allowed.join(', ')}.` });
    const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    if (bearer !== credentials.token || header(req, 'x-requested-with') !== 'XMLHttpRequest') return json(401, { message: 'Unauthenticated.' });
    if (m[1] !== undefined) {
      const at = INT.test(m[1]) ? certificates.findIndex((c) => c.id === Number(m[1])) : -1;
      if (at < 0) return json(404, { message: 'Certificado não encontrado.' });
      certificates.splice(at, 1);
      return { status: 204 };
    }
    if (req.method === 'POST') {
      if (typeof req.body === 'string') return invalid({ body: ['The request body must be valid JSON.'] });
      return issue(req);
    }
    return list(req);
  };

  const sim = await startSimServer(handler, { latencyMs: opts.latencyMs, errorBody: (status, message) => ({ message: status === 429 ? 'Too Many Attempts.' : message }), change });
  return withGetters<Simulator & { change: typeof change }, { certificates: readonly EnsinioCertificate[] }>(Object.assign(sim, { change }), { certificates: () => certificates });
}
