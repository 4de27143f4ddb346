/**
 * The trusted-documents manifest (TRUSTED_DOCUMENTS): the JSON object that
 * GraphQL Code Generator's client preset writes with `persistedDocuments: true`
 * (persisted-documents.json), `{ "<hash>": "<document text>" }`. Read and
 * checked once at start-up; every problem is a ConfigError naming the variable
 * and, for a document, its hash. Validation against the schema happens when
 * the schema exists (graphql/trusted-documents.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { ConfigError, str, type Env } from './env';

export interface TrustedDocuments {
  /** The manifest's path, for log lines. */
  path: string;
  /** Document text by id (the manifest's key). */
  byId: ReadonlyMap<string, string>;
  /** Id by exact document text: a request that sends the full text of a listed document runs. */
  byText: ReadonlyMap<string, string>;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A document id as clients send it: the bare hash, or with the `sha256:` prefix of the GraphQL-over-HTTP persisted-documents draft; hex in lower case. */
export function normalizeDocumentId(id: string): string {
  const bare = id.replace(/^sha256:/i, '');
  return /^[0-9a-f]+$/i.test(bare) ? bare.toLowerCase() : bare;
}

/** Parses and checks a manifest's text; `variable` names the setting in every error. */
export function parseTrustedDocuments(text: string, path: string, variable: string): TrustedDocuments {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(variable, `must point at a JSON manifest ({"<sha256>": "<document>"}); ${path} is not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(variable, `must point at a JSON object {"<sha256>": "<document>"}; ${path} holds ${Array.isArray(json) ? 'an array' : String(json === null ? 'null' : typeof json)}`);
  }
  const byId = new Map<string, string>();
  const byText = new Map<string, string>();
  for (const [rawId, doc] of Object.entries(json as Record<string, unknown>)) {
    const id = normalizeDocumentId(rawId);
    if (typeof doc !== 'string' || doc.trim() === '') throw new ConfigError(variable, `document ${rawId} in ${path} must be a non-empty string of GraphQL`);
    // A sha256-shaped key must be the hash of its text: clients compute it, and a wrong one would never match.
    if (/^[0-9a-f]{64}$/.test(id) && id !== sha256Hex(doc)) {
      throw new ConfigError(variable, `document ${rawId} in ${path}: the key is not the sha256 of its text (expected ${sha256Hex(doc)})`);
    }
    try {
      parse(doc, { noLocation: true });
    } catch (e) {
      throw new ConfigError(variable, `document ${rawId} in ${path} does not parse: ${(e as Error).message}`);
    }
    byId.set(id, doc);
    if (!byText.has(doc)) byText.set(doc, id);
  }
  if (byId.size === 0) throw new ConfigError(variable, `${path} lists no document: every operation would be refused`);
  return { path, byId, byText };
}

/** The manifest named by `variable`, or undefined when it is unset. */
export function readTrustedDocuments(env: Env, variable: string): TrustedDocuments | undefined {
  const path = str(env, variable);
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(variable, `must be a readable file; ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseTrustedDocuments(text, path, variable);
}
