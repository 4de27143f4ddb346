/**
 * 4HSE Certificate API v2 simulator (Yii2 REST behind a Keycloak-style OAuth2
 * password flow). Faithful to the vendor docs: `access-token` query parameter
 * or Bearer token, `POST /v2/certificate/index` with a JSON filter and
 * `X-Pagination-*` headers, both `view/{id}` and `view?id=` forms, Yii error
 * envelopes. Writes follow the doc's semantics and Yii's conventions
 * (201 on create, 204 on delete, 422 with `[{field, message}]`).
 *
 * Live: every change to the data (REST writes and `change()`) POSTs the
 * vendor's signed webhook to the target set with `setWebhookTarget`.
 *
 * Vendor quirks, each an option that is also mutable on the running simulator
 * (default: the behaviour above): `nulls: 'smallest'` sorts nulls the way a
 * real (MySQL) 4HSE does, `paginationHeaders: false` drops the X-Pagination-*
 * headers; `insertCertificates` stores rows as the database may hold them
 * (null names or dates, any spelling), without validation or webhook.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { changeDay, createWebhookSender, runChange, type ChangeKind, type LiveOptions, type WebhookDelivery, type WebhookSenderOptions, type WebhookTarget } from './live';
import { addDays, addPeriod, isIsoDate, Prng, type FourHseCertificate, type FourHseSeed } from './seed';
import { first, header, json, text, startSimServer, withGetters, type LiveSimulator, type SimRequest, type SimResponse, type Simulator } from './sim-server';

export interface FourHseCredentials {
  /** Static token accepted in the `access-token` query parameter. */
  accessToken: string;
  /** Resource-owner password flow against the simulator's own `POST /auth/token`. */
  oauth: { clientId: string; username: string; password: string };
}

export interface FourHseSimulatorOptions extends LiveOptions {
  data: FourHseSeed;
  credentials: FourHseCredentials;
  latencyMs?: number;
  /** Lifetime of issued OAuth tokens in seconds (default 300). */
  tokenTtlS?: number;
  /** Clock used for token expiry, injectable so tests need not sleep. */
  now?: () => number;
  /** Retry policy of the webhook deliveries. */
  webhooks?: WebhookSenderOptions;
  /** Where `sort` puts null values: 'largest' (default: last ascending, first descending) or 'smallest' (MySQL: first ascending, last descending). */
  nulls?: FourHseNullPlacement;
  /** Whether index answers carry the X-Pagination-* headers (default true). */
  paginationHeaders?: boolean;
}

export type FourHseNullPlacement = 'largest' | 'smallest';

export interface FourHseSimulator extends LiveSimulator {
  /** Full URL of the OAuth2 token endpoint. */
  readonly tokenUrl: string;
  /** Number of OAuth tokens issued so far. */
  readonly tokensIssued: number;
  /** The simulator's current certificates (after any writes). */
  readonly certificates: readonly FourHseCertificate[];
  /** Invalidates every issued OAuth token (the static access token stays valid). */
  revokeTokens(): void;
  /**
   * Where every following data change is POSTed as 4HSE's webhook
   * (`${baseUrl}/webhooks/4hse/{event}`, signed with the secret); null stops
   * sending (deliveries already queued still go).
   */
  setWebhookTarget(target: WebhookTarget | null): void;
  /** Every webhook queued so far, in order, with its latest status and attempt count. */
  readonly webhookDeliveries: readonly WebhookDelivery[];
  /** Resolves once no webhook is queued, in flight or waiting for a retry. */
  webhooksIdle(): Promise<void>;
  /** Mutable: where `sort` puts null values (see FourHseSimulatorOptions.nulls). */
  nulls: FourHseNullPlacement;
  /** Mutable: whether index answers carry the X-Pagination-* headers. */
  paginationHeaders: boolean;
  /**
   * Stores certificates as given (copies), like rows another path wrote to
   * 4HSE's database: no validation (null names and dates allowed), no
   * webhook. For seeding the quirks a test needs (accents, case, nulls).
   */
  insertCertificates(certs: readonly FourHseCertificate[]): void;
}

const FILTERABLE = new Set([
  'certificate_id', 'date_release', 'date_expire', 'name', 'note', 'action_type', 'resource_id', 'resource_type',
  'resource_name', 'data', 'warning', 'tenant_id', 'subtenant_id', 'subtenant_type', 'validity_unit', 'validity', 'project_name',
]);
const SORTABLE = new Set(['date_release', 'date_expire', 'name', 'action_type']);
const ACTION_TYPES = ['TRAINING', 'MAINTENANCE', 'HEALTH', 'CHECK', 'PER'];
const PERSON_ONLY = new Set(['TRAINING', 'HEALTH', 'PER']);
/** The create/update schema of the doc; anything else in a body is ignored (Yii "safe" attributes). */
const WRITABLE = ['certificate_id', 'date_release', 'date_expire', 'name', 'note', 'action_type', 'resource_id', 'data', 'warning', 'tenant_id', 'validity_unit', 'validity'] as const;
/** Notes a change may set, as an HSE officer would write them. */
const CHANGE_NOTES = ['Renewed after refresher course.', 'Checked by the HSE officer.', 'Original certificate archived on site.', 'Awaiting signed copy from the provider.'];
const RENEWED = ' - Renewed';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTES: Record<string, string[]> = { index: ['POST'], view: ['GET', 'HEAD'], create: ['POST'], update: ['PUT', 'PATCH'], delete: ['DELETE'] };

interface FieldError { field: string; message: string }

const yii = (status: number, name: string, message: string, headers?: Record<string, string>): SimResponse =>
  json(status, { name, message, code: 0, status }, headers);
const unauthorized = () =>
  yii(401, 'Unauthorized', 'Your request was made with invalid credentials.', { 'www-authenticate': 'Bearer realm="api"' });
const invalid = (errors: FieldError[]) => json(422, errors);
/** Yii's attribute labels: date_release -> "Date Release", resource_id -> "Resource ID". */
const label = (f: string) => f.split('_').map((w) => (w === 'id' ? 'ID' : w[0].toUpperCase() + w.slice(1))).join(' ');

/**
 * The simulator's sort (the gateway does not rely on it beyond "sorted by the
 * field, ties in a stable order"):
 * - compare by the sort field; null/missing values sort as greater than every
 *   value (nulls 'largest': last ascending, first descending), or as smaller
 *   than every value (nulls 'smallest', as MySQL: first ascending, last descending);
 * - strings compare by `a.toLowerCase() < b.toLowerCase()`, then by plain `<`
 *   (so case variants have a stable order; accented letters sort after "z",
 *   a collation of its own, not the gateway's);
 * - ties are broken by certificate_id ascending, in BOTH directions.
 * Without `sort`, certificates come by certificate_id ascending.
 */
export function compareCertificates(field: string | null, descending: boolean, nulls: FourHseNullPlacement = 'largest') {
  const nullSign = nulls === 'largest' ? 1 : -1;
  const cmp = (a: unknown, b: unknown): number => {
    const an = a === null || a === undefined;
    const bn = b === null || b === undefined;
    if (an || bn) return an === bn ? 0 : an ? nullSign : -nullSign;
    if (typeof a === 'string' && typeof b === 'string') {
      const al = a.toLowerCase();
      const bl = b.toLowerCase();
      if (al !== bl) return al < bl ? -1 : 1;
    }
    return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  };
  return (x: FourHseCertificate, y: FourHseCertificate): number => {
    if (field) {
      const c = cmp((x as unknown as Record<string, unknown>)[field], (y as unknown as Record<string, unknown>)[field]);
      if (c !== 0) return descending ? -c : c;
    }
    return cmp(x.certificate_id, y.certificate_id);
  };
}

/** Yii casts paging parameters with (int): "20" -> 20, "abc" -> 0. */
const toInt = (v: unknown, fallback: number): number => {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? Math.trunc(v) : parseInt(text(v), 10);
  return Number.isNaN(n) ? 0 : n;
};

/** Equality as SQL `=` would do it for scalars (1 matches "1"); null matches null; `data` by deep JSON equality. */
const matches = (value: unknown, wanted: unknown, field: string): boolean => {
  if (wanted === null) return value === null || value === undefined;
  if (value === null || value === undefined) return false;
  if (field === 'data') return JSON.stringify(value) === JSON.stringify(wanted);
  return text(value) === text(wanted);
};

export async function startFourHseSimulator(opts: FourHseSimulatorOptions): Promise<FourHseSimulator> {
  const { credentials } = opts;
  const certificates: FourHseCertificate[] = structuredClone(opts.data.certificates);
  const resources = new Map(opts.data.resources.map((r) => [r.resource_id, r]));
  const tenants = new Map(opts.data.tenants.map((t) => [t.tenant_id, t]));
  const tokens = new Map<string, number>(); // token -> expiry (ms, per `now`)
  const now = opts.now ?? Date.now;
  const ttlS = opts.tokenTtlS ?? 300;
  let tokensIssued = 0;
  const webhooks = createWebhookSender(opts.webhooks);
  const rng = new Prng(opts.changeSeed ?? 1);
  const quirks: { nulls: FourHseNullPlacement; paginationHeaders: boolean } = { nulls: opts.nulls ?? 'largest', paginationHeaders: opts.paginationHeaders ?? true };

  const authorized = (req: SimRequest): boolean => {
    if (first(req.query['access-token']) === credentials.accessToken) return true;
    const m = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
    const expiry = m ? tokens.get(m[1]) : undefined;
    return expiry !== undefined && now() < expiry;
  };

  /** Keycloak-style token endpoint: form-urlencoded in, OAuth2 JSON (or OAuth2 error JSON) out. */
  const issueToken = (req: SimRequest): SimResponse => {
    const form = /application\/x-www-form-urlencoded/i.test(header(req, 'content-type') ?? '') ? new URLSearchParams(req.rawBody) : new URLSearchParams();
    const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });
    const grant = form.get('grant_type');
    if (!grant) return oauthError(400, 'invalid_request', 'Missing form parameter: grant_type');
    if (grant !== 'password') return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
    if (form.get('client_id') !== credentials.oauth.clientId) return oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    if (form.get('username') !== credentials.oauth.username || form.get('password') !== credentials.oauth.password) {
      return oauthError(401, 'invalid_grant', 'Invalid user credentials');
    }
    const token = randomBytes(24).toString('hex');
    tokens.set(token, now() + ttlS * 1000);
    tokensIssued += 1;
    return json(200, { access_token: token, token_type: 'Bearer', expires_in: ttlS, scope: 'profile email' }, { 'cache-control': 'no-store' });
  };

  const index = (req: SimRequest): SimResponse => {
    if (typeof req.body === 'string') return yii(400, 'Bad Request', 'Invalid JSON data in request body: Syntax error.');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) return yii(400, 'Bad Request', 'The request body must be a JSON object.');
    const filter = body.filter ?? {};
    if (typeof filter !== 'object' || Array.isArray(filter)) return invalid([{ field: 'filter', message: 'The format of Filter is invalid.' }]);
    const errors: FieldError[] = [];
    for (const [field, value] of Object.entries(filter as Record<string, unknown>)) {
      if (!FILTERABLE.has(field)) errors.push({ field, message: 'Unknown filter attribute' });
      else if (field !== 'data' && value !== null && typeof value === 'object') errors.push({ field, message: `${label(field)} must be a scalar value.` });
    }
    let sortField: string | null = null;
    let descending = false;
    if (body.sort !== undefined && body.sort !== null && body.sort !== '') {
      const raw = text(body.sort);
      descending = raw.startsWith('-');
      sortField = descending ? raw.slice(1) : raw;
      if (!SORTABLE.has(sortField)) errors.push({ field: 'sort', message: `Invalid sort attribute: ${raw}` });
    }
    if (errors.length) return invalid(errors);

    const wanted = Object.entries(filter as Record<string, unknown>);
    const rows = certificates
      .filter((c) => wanted.every(([f, v]) => matches((c as unknown as Record<string, unknown>)[f], v, f)))
      .sort(compareCertificates(sortField, descending, quirks.nulls));
    // Yii Pagination: per-page clamped to [1, 500]; page clamped to [1, page count] (a page past the end returns the last page).
    const perPage = Math.min(500, Math.max(1, toInt(body['per-page'], 100)));
    const pageCount = Math.ceil(rows.length / perPage);
    const page = Math.max(1, Math.min(toInt(body.page, 1), pageCount));
    return json(200, rows.slice((page - 1) * perPage, page * perPage), quirks.paginationHeaders ? {
      'x-pagination-current-page': String(page),
      'x-pagination-page-count': String(pageCount),
      'x-pagination-per-page': String(perPage),
      'x-pagination-total-count': String(rows.length),
    } : undefined);
  };

  const notFound = (id: string) => yii(404, 'Not Found', `Object not found: ${id}`);

  /** Validates a complete record (Yii validates the whole model on create and update). */
  const validate = (c: Record<string, unknown>, creating: boolean): FieldError[] => {
    const errors: FieldError[] = [];
    const add = (field: string, message: string) => errors.push({ field, message });
    for (const f of ['date_release', 'name', 'action_type', 'resource_id', 'tenant_id']) if (c[f] === undefined || c[f] === null || c[f] === '') add(f, `${label(f)} cannot be blank.`);
    for (const f of ['date_release', 'date_expire']) if (c[f] != null && c[f] !== '' && !isIsoDate(c[f])) add(f, `The format of ${label(f)} is invalid.`);
    if (c.name != null && (typeof c.name !== 'string' || c.name.length > 255)) add('name', 'Name should contain at most 255 characters.');
    if (c.note != null && typeof c.note !== 'string') add('note', 'Note must be a string.');
    if (c.action_type != null && c.action_type !== '' && !ACTION_TYPES.includes(c.action_type as string)) add('action_type', 'Action Type is invalid.');
    if (c.warning != null && c.warning !== 0 && c.warning !== 1) add('warning', 'Warning is invalid.');
    if (c.validity_unit != null && !['YEAR', 'MONTH', 'DAY'].includes(c.validity_unit as string)) add('validity_unit', 'Validity Unit is invalid.');
    if (c.validity != null && !Number.isInteger(c.validity)) add('validity', 'Validity must be an integer.');
    if (c.data != null && (typeof c.data !== 'object' || Array.isArray(c.data))) add('data', 'Data is invalid.');
    if (creating && c.certificate_id != null) {
      if (typeof c.certificate_id !== 'string' || !UUID.test(c.certificate_id)) add('certificate_id', 'Certificate ID is invalid.');
      else if (certificates.some((x) => x.certificate_id === c.certificate_id)) add('certificate_id', `Certificate ID "${c.certificate_id}" has already been taken.`);
    }
    const resource = typeof c.resource_id === 'string' ? resources.get(c.resource_id) : undefined;
    if (c.resource_id && !resource) add('resource_id', 'Resource ID is invalid.');
    if (c.tenant_id && !tenants.has(c.tenant_id as string)) add('tenant_id', 'Tenant ID is invalid.');
    // Doc: "For TRAINING, HEALTH, PER: pass the person_id".
    if (resource && PERSON_ONLY.has(c.action_type as string) && resource.resource_type !== 'PERSON') add('resource_id', `Resource ID must be a person for action type ${text(c.action_type)}.`);
    return errors;
  };

  /** Completes a written record with what the server derives: resource and project names. */
  const complete = (c: Record<string, unknown>): FourHseCertificate => {
    const resource = resources.get(c.resource_id as string)!;
    const tenant = tenants.get(c.tenant_id as string)!;
    return {
      certificate_id: c.certificate_id as string, date_release: c.date_release as string, date_expire: (c.date_expire as string) || null,
      name: c.name as string, note: (c.note as string) ?? null, action_type: c.action_type as FourHseCertificate['action_type'],
      resource_id: resource.resource_id, resource_type: resource.resource_type, resource_name: resource.resource_name,
      data: (c.data as Record<string, unknown>) ?? null, warning: (c.warning as 0 | 1) ?? 0, tenant_id: tenant.tenant_id,
      subtenant_id: (c.subtenant_id as string) ?? null, subtenant_type: (c.subtenant_type as string) ?? null,
      validity_unit: (c.validity_unit as FourHseCertificate['validity_unit']) ?? null, validity: (c.validity as number) ?? null,
      project_name: tenant.project_name,
    };
  };

  const writable = (body: unknown): Record<string, unknown> | null => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
    const out: Record<string, unknown> = {};
    for (const f of WRITABLE) if (f in body) out[f] = (body as Record<string, unknown>)[f];
    return out;
  };

  /** What 4HSE's UPDATE webhook reports: the writable attributes the save changed, old and new. */
  const updatedFields = (before: FourHseCertificate, after: FourHseCertificate): Record<string, { old: unknown; new: unknown }> => {
    const out: Record<string, { old: unknown; new: unknown }> = {};
    for (const f of WRITABLE) {
      if (f !== 'certificate_id' && JSON.stringify(before[f]) !== JSON.stringify(after[f])) out[f] = { old: before[f], new: after[f] };
    }
    return out;
  };

  /** Replaces a certificate and sends UPDATE, unless nothing actually changed (4HSE sends nothing then). */
  const replace = (at: number, merged: Record<string, unknown>): Record<string, { old: unknown; new: unknown }> => {
    const before = certificates[at];
    certificates[at] = complete(merged);
    const fields = updatedFields(before, certificates[at]);
    if (Object.keys(fields).length > 0) webhooks.send('CERTIFICATE::UPDATE', { entity_id: before.certificate_id, updated_fields: fields });
    return fields;
  };

  const describe = (c: FourHseCertificate) => `"${c.name}" of ${c.resource_name} (${c.certificate_id})`;

  /** A new certificate for an existing resource: a renewal of one it holds, or the same requirement met by another resource of that type. */
  const createOne = (): string => {
    const template = certificates.length > 0 ? rng.pick(certificates) : null;
    const sameType = [...resources.values()].filter((r) => !template || r.resource_type === template.resource_type);
    const resource = template && rng.chance(0.5) ? resources.get(template.resource_id)! : rng.pick(sameType.length > 0 ? sameType : [...resources.values()]);
    const person = resource.resource_type === 'PERSON';
    const model = template ?? { name: person ? 'General Safety Training for Workers' : 'Annual Maintenance', action_type: person ? 'TRAINING' : 'MAINTENANCE', validity_unit: 'YEAR', validity: person ? 5 : 1 };
    const day = changeDay(opts.today);
    const office = tenants.get(resource.tenant_id)?.offices.find((o) => o.office_id === resource.office_id);
    let id = rng.uuid();
    while (certificates.some((c) => c.certificate_id === id)) id = rng.uuid();
    const input: Record<string, unknown> = {
      certificate_id: id, date_release: day,
      date_expire: model.validity_unit && model.validity ? addPeriod(day, model.validity_unit, model.validity) : null,
      name: model.name, note: null, action_type: model.action_type, resource_id: resource.resource_id, data: null, warning: 0,
      tenant_id: resource.tenant_id, validity_unit: model.validity_unit, validity: model.validity,
      subtenant_id: office?.office_id ?? null, subtenant_type: office?.type ?? null,
    };
    const errors = validate(input, true);
    if (errors.length) throw new Error(`4HSE change produced an invalid certificate: ${JSON.stringify(errors)}`);
    const created = complete(input);
    certificates.push(created);
    webhooks.send('CERTIFICATE::CREATE', created);
    return `4HSE: created ${describe(created)}, expires ${created.date_expire ?? 'never'}`;
  };

  /** One field group of a random certificate: renewed, expiry moved, renamed, warning toggled or a new note. */
  const updateOne = (): string => {
    const at = Math.floor(rng.next() * certificates.length);
    const c = certificates[at];
    const day = changeDay(opts.today);
    const patches: (() => Partial<FourHseCertificate>)[] = [
      () => ({ warning: c.warning === 1 ? 0 : 1 }),
      () => ({ name: c.name.endsWith(RENEWED) ? c.name.slice(0, -RENEWED.length) : `${c.name}${RENEWED}` }),
      () => ({ note: rng.pick(CHANGE_NOTES.filter((n) => n !== c.note)) }),
    ];
    if (c.validity_unit && c.validity) patches.push(() => ({ date_release: day, date_expire: addPeriod(day, c.validity_unit!, c.validity!) }));
    if (c.date_expire) patches.push(() => ({ date_expire: addDays(c.date_expire!, rng.int(30, 365)) }));
    let fields = replace(at, { ...c, ...rng.pick(patches)() });
    // A renewal on the day it was already renewed changes nothing: toggle the warning instead.
    if (Object.keys(fields).length === 0) fields = replace(at, { ...c, warning: c.warning === 1 ? 0 : 1 });
    const what = Object.entries(fields).map(([f, v]) => `${f} ${JSON.stringify(v.old)} -> ${JSON.stringify(v.new)}`).join(', ');
    return `4HSE: updated ${describe(certificates[at])}: ${what}`;
  };

  const deleteOne = (): string => {
    const [gone] = certificates.splice(Math.floor(rng.next() * certificates.length), 1);
    webhooks.send('CERTIFICATE::DELETE', gone);
    return `4HSE: deleted ${describe(gone)}`;
  };

  const change = (asked?: ChangeKind): string => runChange(rng, asked, '4HSE', {
    create: createOne,
    update: () => (certificates.length > 0 ? updateOne() : null),
    delete: () => (certificates.length > 0 ? deleteOne() : null),
  });

  const handler = (req: SimRequest): SimResponse => {
    if (req.path === '/auth/token') {
      return req.method === 'POST' ? issueToken(req) : json(405, { error: 'invalid_request', error_description: 'HTTP method not allowed' }, { allow: 'POST' });
    }
    const m = /^\/v2\/certificate\/(index|view|create|update|delete)(?:\/([^/]+))?\/?$/.exec(req.path);
    if (!m) return yii(404, 'Not Found', 'Page not found.');
    const [, action, pathId] = m;
    const verbs = ROUTES[action];
    // Yii runs the verb filter before the authenticator: 405 wins over 401.
    if (!verbs.includes(req.method)) {
      return yii(405, 'Method Not Allowed', `Method Not Allowed. This URL can only handle the following request methods: ${verbs.join(', ')}.`, { allow: verbs.join(', ') });
    }
    if (!authorized(req)) return unauthorized();
    if (action === 'index') return index(req);
    if (action === 'create') {
      if (typeof req.body === 'string') return yii(400, 'Bad Request', 'Invalid JSON data in request body: Syntax error.');
      const input = writable(req.body) ?? {};
      const errors = validate(input, true);
      if (errors.length) return invalid(errors);
      const created = complete({ ...input, certificate_id: input.certificate_id ?? randomUUID() });
      certificates.push(created);
      webhooks.send('CERTIFICATE::CREATE', created);
      return json(201, created);
    }
    const id = pathId !== undefined ? decodeURIComponent(pathId) : first(req.query.id);
    if (!id) return yii(400, 'Bad Request', 'Missing required parameters: id');
    const at = certificates.findIndex((c) => c.certificate_id === id);
    if (at < 0) return notFound(id);
    if (action === 'view') return json(200, certificates[at]);
    if (action === 'update') {
      if (typeof req.body === 'string') return yii(400, 'Bad Request', 'Invalid JSON data in request body: Syntax error.');
      const merged = { ...certificates[at], ...(writable(req.body) ?? {}), certificate_id: id };
      const errors = validate(merged, false);
      if (errors.length) return invalid(errors);
      replace(at, merged);
      return json(200, certificates[at]);
    }
    // delete: without force=true only a preview of what would go (the seed has no linked actions or attachments).
    const force = ['1', 'true'].includes((first(req.query.force) ?? '').toLowerCase());
    if (!force) {
      return json(200, { certificate: [{ certificate_id: id, name: certificates[at].name }], certificate_action: [], entity_attachment: [] });
    }
    const [gone] = certificates.splice(at, 1);
    webhooks.send('CERTIFICATE::DELETE', gone);
    return { status: 204 };
  };

  const sim = await startSimServer(handler, {
    latencyMs: opts.latencyMs,
    errorBody: (status, message) => ({ name: message, message, code: 0, status }),
    change,
  });
  const stopServer = sim.stop.bind(sim);
  const methods = {
    revokeTokens: () => tokens.clear(),
    setWebhookTarget: (target: WebhookTarget | null) => webhooks.setTarget(target),
    webhooksIdle: () => webhooks.idle(),
    change,
    insertCertificates: (certs: readonly FourHseCertificate[]) => {
      for (const c of certs) {
        if (certificates.some((x) => x.certificate_id === c.certificate_id)) throw new Error(`4HSE simulator: certificate_id ${c.certificate_id} already exists`);
        certificates.push(structuredClone(c));
      }
    },
    // Deliveries first: a retry must not fire (or keep the process alive) after the simulator is gone.
    stop: async () => { await webhooks.stop(); await stopServer(); },
  };
  const out = withGetters<Simulator & typeof methods, { tokenUrl: string; tokensIssued: number; certificates: readonly FourHseCertificate[]; webhookDeliveries: readonly WebhookDelivery[] }>(
    Object.assign(sim, methods),
    { tokenUrl: () => `${sim.url}/auth/token`, tokensIssued: () => tokensIssued, certificates: () => certificates, webhookDeliveries: () => webhooks.deliveries },
  );
  // Mutable at run time, like latencyMs; read by every following index request.
  Object.defineProperties(out, {
    nulls: {
      get: () => quirks.nulls,
      set: (v: FourHseNullPlacement) => {
        if (v !== 'largest' && v !== 'smallest') throw new Error(`4HSE simulator: nulls must be 'largest' or 'smallest', got ${JSON.stringify(v)}`);
        quirks.nulls = v;
      },
      enumerable: true,
    },
    paginationHeaders: { get: () => quirks.paginationHeaders, set: (v: boolean) => { quirks.paginationHeaders = Boolean(v); }, enumerable: true },
  });
  return out as typeof out & Pick<FourHseSimulator, 'nulls' | 'paginationHeaders'>;
}
