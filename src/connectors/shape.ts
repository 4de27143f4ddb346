import type { SourceName } from '../domain';
import { upstreamUnavailable } from '../errors';
import type { HealthTracker } from './health';

/**
 * Reading upstream JSON. Upstreams are not trusted, and one odd field must
 * not cost the user the whole source:
 *
 * - Every field of a certificate is read with a lenient reader below: a value
 *   that is missing, null, of another JSON type than the vendor documents, an
 *   unknown enum value or a date that is not a real calendar day reads as
 *   null. The certificate is still listed, with that field null.
 * - Only what identifies a certificate (its upstream id or key parts, and the
 *   holder's identifier) makes an item invalid: `need` throws ShapeError
 *   naming the field. mapOrFail turns that, like any answer the gateway cannot
 *   read at all (not an object, no list where the list is), into
 *   UPSTREAM_UNAVAILABLE for that source alone and marks it unhealthy; the
 *   other sources still answer, with one error naming the failed one.
 *   Skipping the item instead would be silent and wrong: the source's own
 *   totals (4HSE's X-Pagination-Total-Count, Ensinio's meta.total) would count
 *   it while no page holds it, cursors would shift, and a poller comparing
 *   snapshots would take the missing certificate for a deletion and publish a
 *   DELETED event that never happened.
 *
 * The readers are also the value rules of webhook validation (a value the
 * vendor allows is exactly one its reader does not turn into null), so the
 * mapper and the 4HSE webhook accept the same values.
 */
export class ShapeError extends Error {}

export type Obj = Record<string, unknown>;

// ---------------------------------------------------------------- lenient readers: T or null, never throw

/** A JSON object (not an array, not null). */
export function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}

/**
 * A JSON object, or `[]`: PHP's json_encode writes an empty associative array
 * (an empty object to everyone else) as `[]`, so a PHP upstream (4HSE is Yii)
 * sends that for an empty `data`. A non-empty array is not an object.
 */
export function phpObject(v: unknown): Obj | null {
  return Array.isArray(v) && v.length === 0 ? {} : obj(v);
}

/**
 * A JSON object read against its documented wire type (a DTO of dto.ts): only
 * the documented field names can be read, each as `unknown` until one of the
 * readers below checks it, since an upstream's answer is not trusted to match
 * its documentation.
 */
export type Wire<T> = { readonly [K in keyof T]?: unknown };

/** obj(), typed by the wire type it is documented to be. */
export function wire<T>(v: unknown): Wire<T> | null {
  return obj(v);
}

/**
 * A JSON array; also a PHP-style list, an object whose keys are all indexes
 * (`{"0": …, "3": …}`, what PHP's json_encode makes of an array with holes,
 * and `{}` for an empty one), in index order.
 */
export function list(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v as unknown[];
  const o = obj(v);
  if (!o) return null;
  const keys = Object.keys(o);
  if (!keys.every((k) => /^(0|[1-9]\d{0,8})$/.test(k))) return null;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => o[k]);
}

/** A JSON string, as written (the empty string included). */
export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** A JSON string of at most `max` characters. */
export const strUpTo =
  (max: number) =>
  (v: unknown): string | null =>
    typeof v === 'string' && [...v].length <= max ? v : null;

/** Display text: a string that is not blank (blank, like absent, is null). */
export function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** A JSON number that is an integer (safe in JavaScript). A numeric string is not one. */
export function int(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : null;
}

/** A finite JSON number. A numeric string ("9.2", "40h") is not one. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A JSON boolean. */
export function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

/** One of the allowed values, compared exactly (strings are case-sensitive; 1 is not "1"). */
export function oneOf<T extends string | number>(v: unknown, allowed: readonly T[]): T | null {
  return (allowed as readonly unknown[]).includes(v) ? (v as T) : null;
}

/** A reader of `oneOf(v, allowed)`, for field tables. */
export const enumOf =
  <T extends string | number>(allowed: readonly T[]) =>
  (v: unknown): T | null =>
    oneOf(v, allowed);

/** An upstream identifier: a non-blank string as written, or a non-negative integer (Ensinio and Springest number theirs) as decimal text. */
export function id(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() !== '' ? v : null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return null;
}

/** An email address (local part, @, domain; no spaces), as written. */
export function email(v: unknown): string | null {
  return typeof v === 'string' && /^[^\s@]+@[^\s@]+$/.test(v) ? v : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid string (any version, any case), as written. */
export function uuid(v: unknown): string | null {
  return typeof v === 'string' && UUID.test(v) ? v : null;
}

/**
 * `YYYY-MM-DD`, optionally followed by a time (`T` or a space, `HH:MM`,
 * optional seconds and fraction, optional `Z` or offset). Nothing before or
 * after it.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/i;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The parts of a date or date-time whose every field is in range (2024-02-30, 2024-13-01, 25:00 are not). */
function calendar(v: unknown): RegExpExecArray | null {
  if (typeof v !== 'string') return null;
  const m = DATE_TIME.exec(v);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) return null;
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return null;
  return m;
}

/**
 * A real calendar day, from a date or a date-time string: its `YYYY-MM-DD` as
 * written (no time-zone shifting). 2024-02-30, "9999-99-99junk", "soon",
 * 20240115 are null.
 */
export function isoDate(v: unknown): string | null {
  return calendar(v) ? (v as string).slice(0, 10) : null;
}

/** A date or date-time string whose day is a real calendar day, kept as written. */
export function isoDateTime(v: unknown): string | null {
  return calendar(v) ? (v as string) : null;
}

// ---------------------------------------------------------------- identity and validation

/** What identifies an item: a reader's value, or ShapeError naming the field (see the top of this file). */
export function need<T>(value: T | null, what: string): T {
  if (value === null) throw new ShapeError(`${what} is missing or not a valid identifier`);
  return value;
}

/** One field's value rule: the reader the mapper uses, and what it expects, in words, for error messages. */
export interface FieldRule<T = unknown> {
  read: (v: unknown) => T | null;
  /** e.g. "a calendar date YYYY-MM-DD" */
  expected: string;
  /** The vendor's schema requires a value (null is not one). */
  required?: boolean;
}

/** A short, safe rendering of a value for an error message. */
export function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Why `value` breaks `rule`, or null when the vendor allows it: null or absent
 * is allowed unless the rule is required; any other value must read as non-null.
 */
export function ruleProblem(rule: FieldRule, value: unknown): string | null {
  if (value === undefined || value === null) return rule.required ? `must be ${rule.expected}, got ${value === null ? 'null' : 'nothing'}` : null;
  return rule.read(value) === null ? `must be ${rule.expected}, got ${preview(value)}` : null;
}

// ---------------------------------------------------------------- answers (envelopes)

/** The answer as a whole must be an object to be read at all. */
export function asObject(v: unknown, what: string): Obj {
  const o = obj(v);
  if (!o) throw new ShapeError(`${what} is not an object`);
  return o;
}

/**
 * A list the answer must hold: a JSON array only. (A whole answer of `{}` is
 * never taken for an empty list: a poller would read it as every certificate
 * deleted. Nested lists use `list`.)
 */
export function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(`${what} is not an array`);
  return v;
}

/** A required identifier-like string of an answer (a finite number is taken as its text). */
export function reqString(o: Obj, k: string, what: string): string {
  const v = o[k];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new ShapeError(`${what}.${k} is missing or not a string`);
}

/**
 * Runs a mapping; a ShapeError (an answer that cannot be read, or an item
 * without its identity: see the top of this file) becomes UPSTREAM_UNAVAILABLE
 * naming the source and the field, and marks the source unhealthy.
 */
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
