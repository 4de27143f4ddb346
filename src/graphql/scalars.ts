import { GraphQLScalarType, Kind, print } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/*
 * The parsers throw a plain TypeError: graphql-js then attaches the value's
 * node (a literal) or path (a variable), from which the answer names the
 * argument (graphql/input-errors.ts). `shown` is the value as the client wrote it.
 */
/** The refused value in a message: short, whatever the client sent. */
const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 37)}...` : s);

function parseDate(v: unknown, shown: string = JSON.stringify(v) ?? String(v)): string {
  if (typeof v !== 'string' || !isCalendarDate(v)) {
    throw new TypeError(`Date must be a calendar date as YYYY-MM-DD, got ${clip(shown)}`);
  }
  return v;
}

/** A calendar date, YYYY-MM-DD, kept as a string end to end (no time zone to shift it). */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date as YYYY-MM-DD',
  serialize: (v) => v,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined, print(ast)),
});

function parseDateTime(v: unknown, shown: string = JSON.stringify(v) ?? String(v)): string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new TypeError(`DateTime must be ISO 8601 with a time zone (2026-11-29T14:00:00Z), got ${clip(shown)}`);
  }
  return v;
}

/** An ISO 8601 date-time with its offset, as the source wrote it. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO 8601 date-time with offset',
  serialize: (v) => v,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined, print(ast)),
});

export const JSONScalar = GraphQLJSON;
