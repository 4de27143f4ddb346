import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks `Authorization: Bearer <key>` against GATEWAY_API_KEYS. Keys are
 * compared as SHA-256 digests with timingSafeEqual, and every key is compared
 * (no early exit), so timing reveals neither a key nor which one matched.
 */
export function createApiKeyCheck(keys: readonly string[]): (authorization: string | undefined) => boolean {
  const digests = keys.map((k) => createHash('sha256').update(k).digest());
  return (authorization) => {
    if (digests.length === 0) return true;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const given = createHash('sha256').update(m ? m[1] : '').digest();
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, given) || ok;
    return ok && m !== null;
  };
}
