import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { parse, specifiedRules, validate, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ConfigError } from '../env';
import { persistedDocumentError } from '../errors';
import { normalizeDocumentId, type TrustedDocuments } from '../trusted-manifest';

/**
 * Trusted documents (TRUSTED_DOCUMENTS): only the operations of the manifest
 * run. A request names one in any of the three ways clients do:
 * - `documentId` (the client preset / GraphQL-over-HTTP persisted-documents
 *   convention; in the POST body or as a GET parameter; `sha256:` prefix allowed),
 * - `extensions.persistedQuery.sha256Hash` (Apollo's APQ shape, version 1),
 * - the full `query` text, when it is exactly a listed document.
 * Anything else is refused with PERSISTED_QUERY_NOT_IN_LIST (400) before it is
 * parsed, so an unlisted document costs no parsing, validation or upstream call.
 */

/** What a request carries that can name a document. */
export interface DocumentRequest {
  query?: string;
  documentId?: unknown;
  extensions?: Record<string, unknown>;
}

/** The document text to run, or the refusal. */
export type Resolution = { query: string } | { error: GraphQLError };

const notInList = (what: string) => persistedDocumentError('PERSISTED_QUERY_NOT_IN_LIST', `${what} is not in this gateway's trusted documents: only persisted operations run here`);

/** Resolves a request against the manifest (see the module comment). */
export function resolveTrustedDocument(docs: TrustedDocuments, req: DocumentRequest): Resolution {
  const pq = req.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  let id: string | undefined;
  if (req.documentId !== undefined && req.documentId !== null) {
    if (typeof req.documentId !== 'string') return { error: notInList('documentId (not a string)') };
    id = normalizeDocumentId(req.documentId);
  } else if (pq !== undefined && pq !== null) {
    if (pq.version !== 1) return { error: persistedDocumentError('PERSISTED_QUERY_VERSION_NOT_SUPPORTED', 'extensions.persistedQuery.version must be 1') };
    if (typeof pq.sha256Hash !== 'string') return { error: notInList('extensions.persistedQuery.sha256Hash (not a string)') };
    id = pq.sha256Hash;
  }
  if (id !== undefined) {
    const doc = docs.byId.get(id);
    if (doc === undefined) return { error: notInList(`Document ${id.slice(0, 80)}`) };
    // A text sent along with the id must be that document: a listed id never runs another text.
    if (req.query !== undefined && req.query !== '' && req.query !== doc) {
      return { error: persistedDocumentError('PERSISTED_QUERY_HASH_MISMATCH', `The query sent is not the trusted document ${id}`) };
    }
    return { query: doc };
  }
  if (typeof req.query === 'string' && req.query !== '') {
    return docs.byText.has(req.query) ? { query: req.query } : { error: notInList('This operation') };
  }
  return { error: notInList('A request without a document id') };
}

/** `documentId` from the POST body or the GET query string, which Apollo does not read itself. */
function documentIdOf(request: GraphQLRequest): unknown {
  const http = request.http;
  if (!http) return undefined;
  if (http.method === 'GET') return new URLSearchParams(http.search).get('documentId') ?? undefined;
  const body = http.body as Record<string, unknown> | null | undefined;
  return body && typeof body === 'object' ? body.documentId : undefined;
}

/**
 * Apollo plugin: resolves the document before Apollo's pipeline reads the
 * request (requestDidStart runs first), so Apollo parses only listed text;
 * a refusal is thrown there and answered 400 by Apollo with its code.
 * APQ is off in this mode (apollo.ts), so the persistedQuery extension is
 * consumed here.
 */
export function trustedDocumentsPlugin(docs: TrustedDocuments): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const r = resolveTrustedDocument(docs, { query: request.query, documentId: documentIdOf(request), extensions: request.extensions });
      if ('error' in r) throw r.error;
      request.query = r.query;
      if (request.extensions?.persistedQuery) {
        const { persistedQuery: _consumed, ...rest } = request.extensions;
        request.extensions = rest;
      }
    },
  };
}

/**
 * For graphql-ws onSubscribe: rewrites the payload's query to the listed
 * document, or returns the refusal. graphql-ws requires `query` to be a
 * string; a client naming a document by id sends `""` with `documentId` or
 * `extensions.persistedQuery`.
 */
export function trustWebsocketPayload(docs: TrustedDocuments, payload: { query: string; documentId?: unknown; extensions?: Record<string, unknown> | null }): readonly GraphQLError[] | undefined {
  const r = resolveTrustedDocument(docs, { query: payload.query, documentId: payload.documentId, extensions: payload.extensions ?? undefined });
  if ('error' in r) return [r.error];
  payload.query = r.query;
  return undefined;
}

/**
 * Every listed document must validate against the schema (with the gateway's
 * own rules): a manifest built for another version of the schema stops
 * start-up with the first bad document's id, not the first client that sends it.
 */
export function validateTrustedDocuments(docs: TrustedDocuments, schema: GraphQLSchema, rules: readonly ValidationRule[], variable = 'TRUSTED_DOCUMENTS'): void {
  for (const [id, text] of docs.byId) {
    const errors = validate(schema, parse(text), [...specifiedRules, ...rules]);
    if (errors.length > 0) throw new ConfigError(variable, `document ${id} in ${docs.path} does not validate against the schema: ${errors[0].message}`);
  }
}
