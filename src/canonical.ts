/**
 * Canonical text of plain values, for keys and fingerprints that must not
 * depend on object key order. A leaf: imports nothing.
 */

/** JSON with object keys sorted at every depth (undefined members left out): equal inputs give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** DataLoader cache keys for flat objects: stable JSON with sorted top-level keys. */
export function stableKey(value: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(value).sort().map((k) => [k, value[k]]));
}
