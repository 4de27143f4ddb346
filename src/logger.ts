/**
 * JSON lines on stdout. Every message and field value goes through `redact`,
 * so a secret that slips into an error message never reaches a log line.
 * A line written while a request is served carries `request_id`, and
 * `trace_id`/`span_id` when that request is traced.
 */
import { currentScope } from './request-scope';
import { traceFields } from './tracing';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Query parameters that carry credentials in the vendors' APIs. */
const SECRET_PARAMS = /([?&](?:api_key|access-token|access_token|token|password|client_secret)=)[^&\s"']*/gi;
const AUTH_HEADER = /\b(Bearer|Basic) [A-Za-z0-9._~+/=-]{8,}/g;

export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const s of sorted) if (out.includes(s)) out = out.split(s).join('[REDACTED]');
    return out.replace(SECRET_PARAMS, '$1[REDACTED]').replace(AUTH_HEADER, '$1 [REDACTED]');
  };
}

/** The set of secrets to redact; tokens obtained at run time (OAuth) are added as they arrive. */
export interface Secrets {
  add(this: void, secret: string): void;
  redact(this: void, text: string): string;
}

export function createSecrets(initial: readonly string[]): Secrets {
  const all = [...initial];
  let redactor = createRedactor(all);
  return {
    add(secret) {
      if (secret && !all.includes(secret)) {
        all.push(secret);
        redactor = createRedactor(all);
      }
    },
    redact: (text) => redactor(text),
  };
}

export function createLogger(opts: {
  level: LogLevel;
  secrets: Secrets;
  write?: (line: string) => void;
  bindings?: Record<string, unknown>;
}): Logger {
  const write = opts.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const min = ORDER[opts.level];
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    // Lines written on behalf of a request carry its id, and its trace when traced.
    const scope = currentScope();
    const line = JSON.stringify({ level, time: new Date().toISOString(), msg, request_id: scope?.requestId, ...traceFields(), ...opts.bindings, ...fields });
    write(opts.secrets.redact(line));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
