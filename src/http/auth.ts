import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks `Authorization: Bearer <key>` against GATEWAY_API_KEYS. Keys are
 * compared as SHA-256 digests with timingSafeEqual, and every key is compared
 * (no early exit), so timing reveals neither a key nor which one matched.
 */
/**
 * The key of `Authorization: Bearer <key>` (the scheme in any case, any
 * spacing), or undefined. Client ids and idempotency scopes are derived from
 * the key, not the header: `bearer K` and `Bearer  K` are the same client.
 */
export function bearerKey(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

export function createApiKeyCheck(keys: readonly string[]): (authorization: string | undefined) => boolean {
  const digests = keys.map((k) => createHash('sha256').update(k).digest());
  return (authorization) => {
    if (digests.length === 0) return true;
    const key = bearerKey(authorization);
    const given = createHash('sha256').update(key ?? '').digest();
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, given) || ok;
    return ok && key !== undefined;
  };
}
