import type { SourceName } from '../domain';
import { upstreamUnavailable } from '../errors';
import type { HealthTracker } from './health';

/**
 * Small readers for wire JSON. Upstreams are not trusted: a field of the
 * wrong type throws ShapeError, which the connector turns into
 * UPSTREAM_UNAVAILABLE for that source only.
 */
export class ShapeError extends Error {}

export type Obj = Record<string, unknown>;

export function asObject(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapeError(`${what} is not an object`);
  return v as Obj;
}

export function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(`${what} is not an array`);
  return v;
}

export function reqString(o: Obj, k: string, what: string): string {
  const v = o[k];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new ShapeError(`${what}.${k} is missing or not a string`);
}

export function optString(o: Obj, k: string, what: string): string | null {
  const v = o[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new ShapeError(`${what}.${k} is not a string`);
}

export function optNumber(o: Obj, k: string, what: string): number | null {
  const v = o[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  throw new ShapeError(`${what}.${k} is not a number`);
}

const DATE = /^\d{4}-\d{2}-\d{2}/;
/** A date or date-time string reduced to its YYYY-MM-DD day (as written, without time-zone shifting). */
export function optDate(o: Obj, k: string, what: string): string | null {
  const v = optString(o, k, what);
  if (v === null) return null;
  if (!DATE.test(v)) throw new ShapeError(`${what}.${k} is not a date`);
  return v.slice(0, 10);
}

/** Runs a mapping; a ShapeError becomes UPSTREAM_UNAVAILABLE naming the source, and marks it unhealthy. */
export function mapOrFail<T>(source: SourceName, health: HealthTracker, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ShapeError) {
      const message = `answered an unexpected shape (${err.message})`;
      health.failure(message);
      throw upstreamUnavailable(source, message);
    }
    throw err;
  }
}

/**
 * Maps a parsed upstream body once, however many requests share it (an answer
 * shared by in-flight deduplication reaches every waiting request as the same
 * object). Records are never mutated after mapping, so sharing them is safe.
 */
export function createBodyMemo(): <T>(body: unknown, map: () => T) => T {
  const cache = new WeakMap<object, unknown>();
  return <T>(body: unknown, map: () => T): T => {
    if (typeof body !== 'object' || body === null) return map();
    if (cache.has(body)) return cache.get(body) as T;
    const value = map();
    cache.set(body, value);
    return value;
  };
}
