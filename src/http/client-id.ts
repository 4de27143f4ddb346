import { createHash } from 'node:crypto';
import { bearerKey } from './auth';

/**
 * Who a request comes from, for rate limits, websocket limits and refusal
 * logs: `key:<digest>` (a SHA-256 prefix of the API key, never the key; of
 * the key, not the header, so that no other spelling of `Bearer <key>` makes
 * another client) when API keys are configured and one is sent, else `ip:<address>`
 * of the TCP peer. Behind a proxy every client shares the proxy's address:
 * give clients API keys there.
 */
export function clientIdOf(authorization: string | undefined, remoteAddress: string | undefined, apiKeys: boolean): string {
  const key = apiKeys ? bearerKey(authorization) : undefined;
  if (key) return `key:${keyDigest(key)}`;
  return `ip:${remoteAddress ?? 'unknown'}`;
}

/** A SHA-256 prefix of an API key: names its client in logs, limits and idempotency scopes without revealing it. */
export const keyDigest = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 16);
