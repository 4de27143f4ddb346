import type { FourHseConfig } from './config';
import { GatewayError } from '../../errors';
import type { ConnectorDeps } from '../deps';
import type { HealthTracker } from '../health';
import { createHttpClient, HttpAuth, HttpClient, HttpRequest } from '../http';
import { asArray, asObject, mapOrFail, reqString } from '../shape';
import type { FourHseIndexRequest } from './dto';

/** 4HSE's Yii-style error bodies: {name, message, code, status} or [{field, message}]. */
export function fourHseErrorMessage(body: unknown): string | undefined {
  if (Array.isArray(body)) {
    return body
      .map((e) => (e && typeof e === 'object' ? `${(e as { field?: string }).field ?? ''}: ${(e as { message?: string }).message ?? ''}` : ''))
      .filter(Boolean)
      .join('; ');
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return undefined;
}

/**
 * OAuth2 password flow: one token cached and shared by all requests, refreshed
 * when 80% of its lifetime has passed (so it never expires mid-flight), fetched
 * once however many requests wait for it.
 */
function createOAuth(cfg: NonNullable<FourHseConfig['oauth']>, deps: ConnectorDeps, health: HealthTracker): HttpAuth & { tokensFetched(): number } {
  const tokenClient = createHttpClient({
    source: 'FOURHSE',
    baseUrl: cfg.tokenUrl,
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    errorMessage: (b) => (b && typeof b === 'object' ? String((b as { error_description?: string; error?: string }).error_description ?? (b as { error?: string }).error ?? '') || undefined : undefined),
    redact: deps.secrets.redact,
    logger: deps.logger,
    metrics: deps.metrics,
    health,
    shareInflight: deps.shareInflight,
  });
  let token: { value: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let fetched = 0;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'password', client_id: cfg.clientId, username: cfg.username, password: cfg.password });
    let res;
    try {
      res = await tokenClient.request({ method: 'POST', path: '', form });
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'UPSTREAM_REJECTED') {
        // A refused password grant is the operator's problem, not the client's.
        throw new GatewayError(`FOURHSE: the OAuth2 token endpoint refused the configured credentials`, { code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE' });
      }
      throw err;
    }
    const { value, ttl } = mapOrFail('FOURHSE', health, () => {
      const o = asObject(res.body, '4HSE token response');
      const ttlRaw = o.expires_in;
      return { value: reqString(o, 'access_token', '4HSE token response'), ttl: typeof ttlRaw === 'number' && ttlRaw > 0 ? ttlRaw : 300 };
    });
    deps.secrets.add(value);
    fetched += 1;
    token = { value, refreshAt: deps.clock.now().getTime() + ttl * 800 };
    return value;
  }

  async function current(): Promise<string> {
    if (token && deps.clock.now().getTime() < token.refreshAt) return token.value;
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  return {
    async apply(req: HttpRequest) {
      const value = await current();
      return { ...req, headers: { ...req.headers, authorization: `Bearer ${value}` } };
    },
    invalidate() {
      token = null;
    },
    tokensFetched: () => fetched,
  };
}

export interface FourHsePage {
  items: unknown[];
  /** From X-Pagination-*; when the headers are missing, derived from the page itself. */
  total: number;
  pageCount: number;
  perPage: number;
}

export interface FourHseClient {
  index(body: FourHseIndexRequest): Promise<FourHsePage>;
  view(id: string): Promise<unknown | null>;
  create(body: Record<string, unknown>): Promise<unknown>;
  /** null when 4HSE has no such certificate. */
  update(id: string, body: Record<string, unknown>): Promise<unknown | null>;
  /** force=false answers the preview of what would go; null when 4HSE has no such certificate. */
  remove(id: string, force: boolean): Promise<{ status: number; body: unknown } | null>;
  /** After a write: no later read may join one that started before it. */
  forgetInflight(): void;
}

export function createFourHseClient(cfg: FourHseConfig, deps: ConnectorDeps, health: HealthTracker): FourHseClient {
  const auth: HttpAuth = cfg.oauth
    ? createOAuth(cfg.oauth, deps, health)
    : { apply: (req) => ({ ...req, query: { ...req.query, 'access-token': cfg.accessToken } }) };
  const http: HttpClient = createHttpClient({
    source: 'FOURHSE',
    baseUrl: cfg.baseUrl,
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    auth,
    errorMessage: fourHseErrorMessage,
    redact: deps.secrets.redact,
    logger: deps.logger,
    metrics: deps.metrics,
    health,
    shareInflight: deps.shareInflight,
  });
  const header = (h: Headers, name: string): number | null => {
    const v = h.get(name);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  return {
    async index(body) {
      const res = await http.request({ method: 'POST', path: '/v2/certificate/index', json: body }, { shared: true });
      const items = mapOrFail('FOURHSE', health, () => asArray(res.body, '4HSE index answer'));
      const requested = body['per-page'] ?? 100;
      const perPage = header(res.headers, 'x-pagination-per-page') ?? requested;
      const page = header(res.headers, 'x-pagination-current-page') ?? body.page ?? 1;
      const total = header(res.headers, 'x-pagination-total-count') ?? (page - 1) * perPage + items.length;
      const pageCount = header(res.headers, 'x-pagination-page-count') ?? Math.max(1, Math.ceil(total / Math.max(1, perPage)));
      return { items, total, pageCount, perPage };
    },
    async view(id) {
      const res = await http.request({ method: 'GET', path: `/v2/certificate/view/${encodeURIComponent(id)}` }, { notFoundAsNull: true, shared: true });
      return res.body;
    },
    async create(body) {
      return (await http.request({ method: 'POST', path: '/v2/certificate/create', json: body })).body;
    },
    async update(id, body) {
      const res = await http.request({ method: 'PUT', path: `/v2/certificate/update/${encodeURIComponent(id)}`, json: body }, { notFoundAsNull: true });
      return res.status === 404 ? null : res.body;
    },
    async remove(id, force) {
      const res = await http.request({ method: 'DELETE', path: `/v2/certificate/delete/${encodeURIComponent(id)}`, query: { force: force ? 'true' : 'false' } }, { notFoundAsNull: true });
      return res.status === 404 ? null : { status: res.status, body: res.body };
    },
    forgetInflight: () => http.forgetInflight(),
  };
}
