import { parse, specifiedRules, validate, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ConfigError } from '../env';
import { checkTokens, QueryTooComplexError, type DocumentLimits } from './limits/limits';
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
 * HTTP: createTrustedAdmission, called by the /graphql route before Apollo.
 * Websocket: trustWebsocketPayload, in graphql-ws's onSubscribe.
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
    id = normalizeDocumentId(pq.sha256Hash);
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

/** A GraphQL-over-HTTP request as the route has it: the method, the parsed POST body, the GET query string. */
export interface HttpGraphqlRequest {
  method: string;
  body: unknown;
  search: string;
}

/** The request to hand to Apollo (its query now the listed document), or the answer to send instead. */
export type Admission = { admitted: HttpGraphqlRequest } | { status: number; body: { errors: GraphQLFormattedError[] } };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonParam(params: URLSearchParams, name: string): Record<string, unknown> | undefined {
  const v = params.get(name);
  if (v === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The HTTP side, before Apollo: resolves the document of a GET or POST
 * request and rewrites the request to carry its text (APQ is off in this
 * mode, so the persistedQuery extension is consumed here), or answers the
 * refusal (400, formatted by `format`, which logs it once at info).
 * Runs before Apollo parses anything, so an unlisted document costs no
 * parsing, validation or upstream call. A batch (JSON array) is refused
 * whole; other bodies Apollo cannot run go on to Apollo, which refuses them.
 */
export function createTrustedAdmission(docs: TrustedDocuments, format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) {
  const refuse = (error: GraphQLError): Admission => ({ status: 400, body: { errors: [format(error.toJSON(), error)] } });
  return (req: HttpGraphqlRequest): Admission => {
    if (req.method === 'GET') {
      const params = new URLSearchParams(req.search);
      const extensions = jsonParam(params, 'extensions');
      const r = resolveTrustedDocument(docs, { query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions });
      if ('error' in r) return refuse(r.error);
      params.set('query', r.query);
      params.delete('documentId');
      if (extensions?.persistedQuery) {
        const { persistedQuery: _consumed, ...rest } = extensions;
        if (Object.keys(rest).length > 0) params.set('extensions', JSON.stringify(rest));
        else params.delete('extensions');
      }
      return { admitted: { ...req, search: `?${params.toString()}` } };
    }
    if (Array.isArray(req.body)) return refuse(notInList('A batch of operations'));
    if (!isRecord(req.body)) return { admitted: req };
    const body = req.body;
    const extensions = isRecord(body.extensions) ? body.extensions : undefined;
    const r = resolveTrustedDocument(docs, { query: typeof body.query === 'string' ? body.query : undefined, documentId: body.documentId, extensions });
    if ('error' in r) return refuse(r.error);
    const { documentId: _id, ...rest } = body;
    const admitted: Record<string, unknown> = { ...rest, query: r.query };
    if (extensions?.persistedQuery) {
      const { persistedQuery: _consumed, ...others } = extensions;
      admitted.extensions = others;
    }
    return { admitted: { ...req, body: admitted } };
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
export function validateTrustedDocuments(
  docs: TrustedDocuments,
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  variable = 'TRUSTED_DOCUMENTS',
  /** The token limit every request is held to: a listed document over it could never run. */
  tokens?: Pick<DocumentLimits, 'maxTokens'>,
): void {
  for (const [id, text] of docs.byId) {
    if (tokens) {
      try {
        checkTokens(text, tokens);
      } catch (e) {
        if (e instanceof QueryTooComplexError) throw new ConfigError(variable, `document ${id} in ${docs.path} is over a limit every request is held to (${e.message}): raise MAX_TOKENS or split it`);
        throw e;
      }
    }
    const errors = validate(schema, parse(text), [...specifiedRules, ...rules]);
    if (errors.length > 0) throw new ConfigError(variable, `document ${id} in ${docs.path} does not validate against the schema: ${errors[0].message}`);
  }
}
