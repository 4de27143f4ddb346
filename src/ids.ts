import type { SourceRegistry } from './connectors/module';
import type { SourceName } from './domain';
import { badInput } from './errors';

export type NodeType = 'Certificate' | 'Resource' | 'Certification' | 'Story';
const NODE_TYPES: readonly NodeType[] = ['Certificate', 'Resource', 'Certification', 'Story'];

export interface DecodedId {
  type: NodeType;
  source: SourceName;
  /** What the gateway needs to fetch the object again, e.g. Ensinio [id, user_id, group_id]. */
  key: string[];
}

/**
 * Global IDs are base64url of a JSON array [type, source, ...key]. They are
 * opaque to clients, stable (derived only from upstream identifiers) and carry
 * everything needed to fetch the object again, because Springest, Ensinio and
 * Falkor have no view-by-id endpoint and Falkor certificates have no id at all.
 */
export function encodeId(type: NodeType, source: SourceName, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([type, source, ...key]), 'utf8').toString('base64url');
}

export interface IdDecoder {
  /** Throws BAD_USER_INPUT naming `field` for anything that is not an ID this gateway issued. */
  decode(id: string, field: string, expected?: NodeType): DecodedId;
}

/**
 * Decodes IDs against the sources of a registry: the source must be one of
 * them and the key must have the shape that source declares for that kind of
 * object. A key travels into upstream paths (view/{id}, delete/{id}), so
 * anything but what the source issues — "..", a slash, a missing part — is
 * refused here, before any call.
 */
export function createIdDecoder(registry: SourceRegistry): IdDecoder {
  const validKey = (type: NodeType, source: SourceName, key: string[]): boolean => {
    const patterns = registry.get(source)?.ids[type];
    return !!patterns && key.length === patterns.length && patterns.every((p, i) => p.test(key[i]) && key[i] !== '.' && key[i] !== '..');
  };
  return {
    decode(id, field, expected) {
      const invalid = () => badInput(field, `${field} is not a valid ID: expected an ID returned by this gateway, got "${String(id).slice(0, 64)}"`);
      let parsed: unknown;
      if (typeof id === 'string' && /^[A-Za-z0-9_-]{4,4096}$/.test(id)) {
        try {
          parsed = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
        } catch {
          parsed = undefined;
        }
      }
      if (!Array.isArray(parsed) || parsed.length < 3 || !parsed.every((p) => typeof p === 'string') || !(NODE_TYPES as readonly string[]).includes(parsed[0])) {
        throw invalid();
      }
      const [type, source, ...key] = parsed as [NodeType, SourceName, ...string[]];
      if (!validKey(type, source, key)) throw invalid();
      if (expected && type !== expected) {
        throw badInput(field, `${field} must be the ID of a ${expected}, got the ID of a ${type}`);
      }
      return { type, source, key };
    },
  };
}
