import type { SourceName } from './domain';
import { SOURCES } from './domain';
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

/** Throws BAD_USER_INPUT naming `field` for anything that is not an ID this gateway issued. */
export function decodeId(id: string, field: string, expected?: NodeType): DecodedId {
  let parsed: unknown;
  if (typeof id === 'string' && /^[A-Za-z0-9_-]{4,4096}$/.test(id)) {
    try {
      parsed = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length < 3 ||
    !parsed.every((p) => typeof p === 'string') ||
    !(NODE_TYPES as readonly string[]).includes(parsed[0]) ||
    !(SOURCES as readonly string[]).includes(parsed[1])
  ) {
    throw badInput(field, `${field} is not a valid ID: expected an ID returned by this gateway, got "${String(id).slice(0, 64)}"`);
  }
  const [type, source, ...key] = parsed as [NodeType, SourceName, ...string[]];
  if (!validKey(type, source, key)) {
    throw badInput(field, `${field} is not a valid ID: expected an ID returned by this gateway, got "${String(id).slice(0, 64)}"`);
  }
  if (expected && type !== expected) {
    throw badInput(field, `${field} must be the ID of a ${expected}, got the ID of a ${type}`);
  }
  return { type, source, key };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT = /^\d{1,18}$/;
const EMAIL = /^[^\s@/]+@[^\s@/]+$/;
const STORY = /^[A-Za-z0-9 _.-]{1,128}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T[0-9:.+\-Z]{5,40}$/;

/**
 * The key of each kind of ID, per source. A key travels into upstream paths
 * (view/{id}, delete/{id}), so anything but what the source issues — "..",
 * a slash, a missing part — is refused here, before any call.
 */
function validKey(type: NodeType, source: SourceName, key: string[]): boolean {
  const is = (...patterns: RegExp[]) => key.length === patterns.length && patterns.every((p, i) => p.test(key[i]) && key[i] !== '.' && key[i] !== '..');
  switch (type) {
    case 'Certificate':
      return source === 'FOURHSE' ? is(UUID) : source === 'ENSINIO' ? is(INT, INT, INT) : source === 'SPRINGEST' ? is(INT, EMAIL, INT) : is(STORY, EMAIL, TIMESTAMP);
    case 'Resource':
      return source === 'FOURHSE' ? is(UUID) : source === 'ENSINIO' ? is(INT) : is(EMAIL);
    case 'Certification':
      return (source === 'SPRINGEST' || source === 'ENSINIO') && is(INT);
    case 'Story':
      return source === 'FALKOR' && is(STORY);
  }
}
