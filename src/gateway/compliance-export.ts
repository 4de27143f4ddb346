/**
 * GET /exports/compliance.csv: the compliance view as a CSV a manager opens
 * in a spreadsheet. The same filters as `compliance(filter:)` as query
 * parameters (repeated or comma-separated: `?tags=site:milan&status=EXPIRED,MISSING`),
 * the same API keys and rate limit as /graphql, the same one list per source.
 * Streamed in chunks with backpressure, so thousands of rows cost little memory.
 * A source that fails answers 502 naming it rather than a CSV whose rows would
 * say MISSING for certificates that were not read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { csvHeader, csvLine } from '../compliance/csv';
import { certificatesByPerson, COMPLIANCE_STATUSES, type ComplianceStatus } from '../compliance/evaluate';
import { checkFilter, computeView, loadWholeLists, type ComplianceFilter } from '../compliance/view';
import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import { gqlError, sendJson } from '../http/json';
import type { Logger } from '../logger';
import { admitRequest, type GatewayLimits } from './limits';

export const EXPORT_PATH = '/exports/compliance.csv';
const PARAMS = ['tags', 'people', 'requirementSets', 'status'] as const;
/** Rows per write: large enough to be cheap, small enough to stream. */
const CHUNK_ROWS = 500;

export interface ComplianceExportOptions {
  checkKey(authorization: string | undefined): boolean;
  contextFor(authorization: string | undefined): GatewayContext | Promise<GatewayContext>;
  clientOf(req: IncomingMessage): string;
  limits?: GatewayLimits;
  logger: Logger;
}

/** The filter of the query string; BAD_USER_INPUT (field `filter.<name>`) for an unknown parameter or status. */
export function filterOfQuery(search: URLSearchParams): ComplianceFilter {
  const f: Record<string, string[]> = {};
  for (const key of new Set(search.keys())) {
    if (!(PARAMS as readonly string[]).includes(key)) throw new GatewayError(`unknown query parameter "${key.slice(0, 40)}"; expected ${PARAMS.join(', ')}`, { code: 'BAD_USER_INPUT', field: key.slice(0, 40) });
    f[key] = search.getAll(key).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    if (f[key].length > 1000) throw new GatewayError(`${key}: at most 1000 values`, { code: 'BAD_USER_INPUT', field: `filter.${key}` });
  }
  const bad = (f.status ?? []).filter((s) => !(COMPLIANCE_STATUSES as readonly string[]).includes(s));
  if (bad.length > 0) throw new GatewayError(`unknown status ${bad.map((b) => JSON.stringify(b.slice(0, 20))).join(', ')}; expected ${COMPLIANCE_STATUSES.join(', ')}`, { code: 'BAD_USER_INPUT', field: 'filter.status' });
  return { tags: f.tags, people: f.people, requirementSets: f.requirementSets, status: f.status as ComplianceStatus[] | undefined };
}

export function createComplianceExport(opts: ComplianceExportOptions) {
  return async (req: IncomingMessage, res: ServerResponse, search: URLSearchParams): Promise<void> => {
    if (!opts.checkKey(req.headers.authorization)) {
      sendJson(res, 401, gqlError('A valid API key is required: send Authorization: Bearer <key>', 'UNAUTHENTICATED'), { 'www-authenticate': 'Bearer' });
      return;
    }
    const clientId = opts.clientOf(req);
    if (opts.limits && !(await admitRequest(opts.limits, clientId, res))) return;
    const started = performance.now();
    const ctx = await opts.contextFor(req.headers.authorization);
    const people = ctx.compliance.people();
    const catalog = ctx.compliance.requirements();
    let filter;
    try {
      filter = checkFilter(filterOfQuery(search), people, catalog);
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      sendJson(res, 400, { errors: [{ message: e.message, extensions: e.extensions }] });
      return;
    }
    const { certificates, failures } = await loadWholeLists(ctx.loaders, ctx.configured.map((m) => m.name));
    if (failures.length > 0) {
      const sources = failures.map((f) => f.source);
      sendJson(res, 502, gqlError(`The export needs every source; unavailable: ${sources.join(', ')}`, 'UPSTREAM_UNAVAILABLE', { source: sources[0], sources }));
      return;
    }
    const mine = certificatesByPerson(certificates, people, new Set(ctx.configured.filter((m) => m.capabilities.holderEmail).map((m) => m.name)));
    const { rows } = computeView(filter, people, catalog, (p) => mine.get(p.email) ?? [], ctx.status.today, ctx.status.expiringWithinDays);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="compliance-${ctx.status.today}.csv"`,
      'cache-control': 'no-store',
    });
    // A BOM, so spreadsheets read the names as UTF-8.
    let ok = res.write('\uFEFF' + csvHeader());
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      if (!ok) await drained(res);
      if (res.destroyed) return; // the client went away
      ok = res.write(rows.slice(i, i + CHUNK_ROWS).map(csvLine).join(''));
    }
    res.end();
    opts.logger.info('compliance export', { rows: rows.length, ms: Math.round(performance.now() - started), client: clientId });
  };
}

/** The socket took what was written, or the client went away (it never drains then). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
