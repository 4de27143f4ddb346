import { createHash } from 'node:crypto';

/**
 * Who a request comes from, for rate limits, websocket limits and refusal
 * logs: `key:<digest>` (a SHA-256 prefix of the Authorization header, never
 * the key) when API keys are configured and one is sent, else `ip:<address>`
 * of the TCP peer. Behind a proxy every client shares the proxy's address:
 * give clients API keys there.
 */
export function clientIdOf(authorization: string | undefined, remoteAddress: string | undefined, apiKeys: boolean): string {
  if (apiKeys && authorization) return `key:${createHash('sha256').update(authorization).digest('base64url').slice(0, 16)}`;
  return `ip:${remoteAddress ?? 'unknown'}`;
}
