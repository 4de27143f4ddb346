import type { FourHseConfig } from './config';
import { GatewayError } from '../../errors';
import type { ConnectorDeps } from '../deps';
import type { HealthTracker } from '../health';
import { createHttpClient, HttpAuth, HttpClient, HttpRequest } from '../http';
import { asArray, asObject, mapOrFail, reqString, type Wire } from '../shape';
import type { FourHseIndexRequest, FourHseTokenResponse } from './dto';

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
    clock: deps.clock,
    timeoutMs: deps.timeoutMs,
    errorMessage: (b) => (b && typeof b === 'object' ? String((b as { error_description?: string; error?: string }).error_description ?? (b as { error?: string }).error ?? '') || undefined : undefined),
    redact: deps.secrets.redact,
    logger: deps.logger,
    metrics: deps.metrics,
    tracer: deps.tracer ?? null,
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
      // A password grant asks for a token and changes nothing: safe to send again after a stale socket.
      res = await tokenClient.request({ method: 'POST', path: '', form }, { idempotent: true });
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'UPSTREAM_REJECTED') {
        // A refused password grant is the operator's problem, not the client's.
        throw new GatewayError(`FOURHSE: the OAuth2 token endpoint refused the configured credentials`, { code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE' });
      }
      throw err;
    }
    const { value, ttl } = mapOrFail('FOURHSE', health, () => {
      const o: Wire<FourHseTokenResponse> = asObject(res.body, '4HSE token response');
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
  /** X-Pagination-Total-Count; null when the answer has no pagination headers (then nothing is known beyond `items`). */
  total: number | null;
  /** X-Pagination-Page-Count (or derived from total and perPage); null without pagination headers. */
  pageCount: number | null;
  /** X-Pagination-Per-Page, else the per-page asked for. */
  perPage: number;
}

/**
 * Where a sorted 4HSE index puts certificates whose sort field is null.
 * 'largest': after every value ascending, first descending (the gateway's own
 * order, and the sandbox default). 'smallest': first ascending, last
 * descending (MySQL, so a real Yii2 4HSE).
 */
export type NullPlacement = 'largest' | 'smallest';

/** What this upstream server was seen to do; a property of the server, so kept on the connector's client for its lifetime. */
export interface FourHseTraits {
  /** null until an answer showed it: a sorted page where a null and a value meet, or the probe. */
  nulls: NullPlacement | null;
  /** Whether the latest index answer had X-Pagination-* headers; null before the first answer. */
  paginationHeaders: boolean | null;
}

/**
 * Pure: the placement shown by the first element of `sort=f` and of `sort=-f`
 * (per-page 1) over the same set: a null first ascending and a value first
 * descending means nulls are smallest, and the reverse largest. Both values
 * (no nulls) or both null (nothing but nulls): undecided, and the placement
 * does not matter for that set.
 */
export function placementFromEnds(ascFirst: unknown, descFirst: unknown): NullPlacement | null {
  const a = ascFirst === null || ascFirst === undefined;
  const d = descFirst === null || descFirst === undefined;
  if (a === d) return null;
  return a ? 'smallest' : 'largest';
}

export interface FourHseClient {
  index(body: FourHseIndexRequest): Promise<FourHsePage>;
  /** The certificate as 4HSE sends it, or null when it has none. */
  view(id: string): Promise<unknown>;
  create(body: Record<string, unknown>): Promise<unknown>;
  /** The answer, or null when 4HSE has no such certificate. */
  update(id: string, body: Record<string, unknown>): Promise<unknown>;
  /** force=false answers the preview of what would go; null when 4HSE has no such certificate. */
  remove(id: string, force: boolean): Promise<{ status: number; body: unknown } | null>;
  /** After a write: no later read may join one that started before it. */
  forgetInflight(): void;
  /** Learned about this server so far (mutated by the client and by the loaders as answers show more). */
  readonly traits: FourHseTraits;
  /**
   * Learns `traits.nulls` once: `sort=date_expire` and `sort=-date_expire`
   * with per-page 1, in parallel, over the whole index (date_expire is the
   * field that is null in practice; the placement is the database's, the same
   * for every field). One probe at a time however many requests ask; while
   * the data cannot decide (no null at all), a later call probes again.
   */
  probeNulls(): Promise<NullPlacement | null>;
}

export function createFourHseClient(cfg: FourHseConfig, deps: ConnectorDeps, health: HealthTracker): FourHseClient {
  const auth: HttpAuth = cfg.oauth
    ? createOAuth(cfg.oauth, deps, health)
    : { apply: (req) => ({ ...req, query: { ...req.query, 'access-token': cfg.accessToken } }) };
  const http: HttpClient = createHttpClient({
    source: 'FOURHSE',
    baseUrl: cfg.baseUrl,
    fetch: deps.fetch,
    clock: deps.clock,
    timeoutMs: deps.timeoutMs,
    auth,
    errorMessage: fourHseErrorMessage,
    redact: deps.secrets.redact,
    logger: deps.logger,
    metrics: deps.metrics,
    tracer: deps.tracer ?? null,
    health,
    shareInflight: deps.shareInflight,
  });
  const header = (h: Headers, name: string): number | null => {
    const v = h.get(name);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  const traits: FourHseTraits = { nulls: null, paginationHeaders: null };
  let warnedNoHeaders = false;
  let probing: Promise<NullPlacement | null> | null = null;

  async function index(body: FourHseIndexRequest): Promise<FourHsePage> {
    // A read despite the POST: `shared` (identical ones in flight share one answer; sent again after a stale socket).
    const res = await http.request({ method: 'POST', path: '/v2/certificate/index', json: body }, { shared: true });
    const items = mapOrFail('FOURHSE', health, () => asArray(res.body, '4HSE index answer'));
    const perPage = header(res.headers, 'x-pagination-per-page') ?? body['per-page'] ?? 100;
    const total = header(res.headers, 'x-pagination-total-count');
    traits.paginationHeaders = total !== null;
    if (total === null) {
      // Nothing else tells the total: the loaders then read the whole list (see loaders.ts, readAll).
      if (!warnedNoHeaders) {
        warnedNoHeaders = true;
        deps.logger.warn('4HSE sends no X-Pagination-* headers: totals and windows are computed by reading its whole list', { source: 'FOURHSE' });
      }
      return { items, total: null, pageCount: null, perPage };
    }
    const pageCount = header(res.headers, 'x-pagination-page-count') ?? Math.ceil(total / Math.max(1, perPage));
    return { items, total, pageCount, perPage };
  }

  return {
    index,
    traits,
    probeNulls() {
      if (traits.nulls) return Promise.resolve(traits.nulls);
      probing ??= (async () => {
        const first = async (sort: string) => {
          const page = await index({ sort, 'per-page': 1, page: 1 });
          const item = page.items[0];
          return item && typeof item === 'object' ? { value: (item as { date_expire?: unknown }).date_expire } : null;
        };
        const [asc, desc] = await Promise.all([first('date_expire'), first('-date_expire')]);
        const learned = asc && desc ? placementFromEnds(asc.value, desc.value) : null;
        // A page read meanwhile may have shown it already; the probe does not overrule it.
        if (learned && !traits.nulls) traits.nulls = learned;
        return traits.nulls;
      })().finally(() => {
        probing = null;
      });
      return probing;
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
