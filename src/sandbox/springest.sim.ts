/**
 * Springest Certificates / Certifications API simulator. `api_key` query
 * parameter (a different key per endpoint), `.json` / `.xml` suffix picks the
 * format (no suffix: JSON), only verified certificates are served, filters
 * `email`, `certification_id`, `created_from`. Rails-style answers: a root
 * key around the list, `{"error": ...}` on failure.
 *
 * `POST /users/certificates` takes `multipart/form-data` with a real file part
 * (base64 is refused), at most 30 per rolling minute per key (the excess
 * answers 400, as the vendor's doc says), and answers 201 with the stored
 * certificate. Status codes: 401 bad key; 400 malformed / missing / rate
 * limited; 422 well-formed but inconsistent with the data (unknown
 * certification, `valid_until` required by the certification or before
 * `valid_from`). Errors are always JSON `{"error": ...}`, also for `.xml`.
 */
import { changeDay, changeInstant, runChange, type ChangeKind, type LiveOptions } from './live';
import { addPeriod, daysBetween, isIsoDate, Prng, type SpringestCertificate, type SpringestSeed } from './seed';
import { first, json, text, startSimServer, withGetters, type LiveSimulator, type SimRequest, type SimResponse, type Simulator } from './sim-server';

export interface SpringestCredentials {
  /** Key for /users/certificates. */
  apiKey: string;
  /** Key for /certifications (Springest issues a different one). */
  certificationsApiKey: string;
}

export interface SpringestSimulatorOptions extends LiveOptions {
  data: SpringestSeed;
  credentials: SpringestCredentials;
  latencyMs?: number;
  /** Clock (ms since epoch) for the upload rate limit window, `created_at` and `uploads[].at`; default Date.now. */
  now?: () => number;
}

/** One accepted `POST /users/certificates`, as it reached the simulator. */
export interface SpringestUpload {
  /** `now()` when it was accepted. */
  at: number;
  /** Every non-file form field, verbatim (the last value when a name repeats). */
  fields: Record<string, string>;
  file: { filename: string; contentType: string; bytes: Buffer };
}

/** A stored certificate: the seed's shape, except that uploads carry no description (null). */
export type SpringestStoredCertificate = Omit<SpringestCertificate, 'description'> & { description: string | null };

export interface SpringestSimulator extends LiveSimulator {
  /** The simulator's certificates, verified or not (uploads included). */
  readonly certificates: readonly SpringestStoredCertificate[];
  /** Every accepted upload, in order. */
  readonly uploads: readonly SpringestUpload[];
}

/** The vendor's published upload limit: 30 certificates per minute, per API key. */
export const SPRINGEST_UPLOAD_LIMIT = { max: 30, windowMs: 60_000 } as const;
export const SPRINGEST_RATE_LIMIT_ERROR = 'Rate limit exceeded: max 30 certificates per minute';
export const SPRINGEST_FILE_ERROR = 'file must be an uploaded file; base64 is not allowed';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Minimal Rails `to_xml`: dasherised tags, typed scalars, nil="true" for null, singular child tags in arrays. */
function toXml(tag: string, value: unknown, indent = ''): string {
  const t = tag.replace(/_/g, '-');
  if (value === null || value === undefined) return `${indent}<${t} nil="true"/>`;
  if (Array.isArray(value)) {
    const child = tag.endsWith('s') ? tag.slice(0, -1) : tag;
    return `${indent}<${t} type="array">\n${value.map((v) => toXml(child, v, `${indent}  `)).join('\n')}\n${indent}</${t}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => toXml(k, v, `${indent}  `)).join('\n');
    return `${indent}<${t}>\n${inner}\n${indent}</${t}>`;
  }
  const type = typeof value === 'number' ? (Number.isInteger(value) ? ' type="integer"' : ' type="float"') : typeof value === 'boolean' ? ' type="boolean"' : '';
  return `${indent}<${t}${type}>${escapeXml(text(value))}</${t}>`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INTEGER = /^\d+$/;

/** Parsed multipart part that carried a filename (undici's File; compared structurally, File classes differ per realm). */
interface FilePart { name: string; type: string; arrayBuffer(): Promise<ArrayBuffer> }
const isFilePart = (v: unknown): v is FilePart => typeof v === 'object' && v !== null && typeof (v as FilePart).arrayBuffer === 'function';

/**
 * "Actual file sent cannot be decoded. Base64 is not allowed": true when the
 * bytes are only base64 text (optionally behind a `data:...;base64,` prefix)
 * that decodes to a PDF.
 */
function looksLikeBase64Pdf(bytes: Buffer): boolean {
  let text = bytes.toString('latin1').trim();
  const dataUrl = /^data:[^,]*;base64,/i.exec(text);
  if (dataUrl) text = text.slice(dataUrl[0].length);
  if (text.length < 8 || !/^[A-Za-z0-9+/=_\-\s]+$/.test(text)) return false;
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').subarray(0, 5).toString('latin1') === '%PDF-';
}

export async function startSpringestSimulator(opts: SpringestSimulatorOptions): Promise<SpringestSimulator> {
  const { credentials } = opts;
  const certificates: SpringestStoredCertificate[] = structuredClone(opts.data.certificates);
  /** Ids only go up, as a database sequence does: a removed certificate's id is never given again. */
  let lastId = certificates.reduce((max, c) => Math.max(max, c.id), 0);
  const nextId = (step: number) => (lastId += step);
  const certifications = structuredClone(opts.data.certifications);
  const now = opts.now ?? Date.now;
  const uploads: SpringestUpload[] = [];
  /** Per API key: the times of the POSTs counted against the limit, oldest first. */
  const postLog = new Map<string, number[]>();
  const rng = new Prng(opts.changeSeed ?? 1);

  const answer = (format: string | undefined, root: string, list: unknown[]): SimResponse =>
    format === '.xml'
      ? { status: 200, text: `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(root, list)}\n`, headers: { 'content-type': 'application/xml; charset=utf-8' } }
      : json(200, { [root]: list });

  const listCertificates = (req: SimRequest, format: string | undefined): SimResponse => {
    const email = first(req.query.email)?.trim().toLowerCase();
    const certificationId = first(req.query.certification_id)?.trim();
    const createdFrom = first(req.query.created_from);
    if (createdFrom !== undefined && !isIsoDate(createdFrom)) {
      return json(400, { error: `Invalid created_from date: "${text(createdFrom)}" (expected YYYY-MM-DD)` });
    }
    const rows = certificates
      .filter((c) => c.status === 'verified')
      // Emails are matched case-insensitively, as an account lookup would.
      .filter((c) => !email || c.user.email.toLowerCase() === email)
      .filter((c) => !certificationId || String(c.certification_id) === certificationId)
      // "created on or after that date": compares the UTC date part of created_at.
      .filter((c) => !createdFrom || c.created_at.slice(0, 10) >= createdFrom)
      .sort((a, b) => a.id - b.id);
    return answer(format, 'certificates', rows);
  };

  /**
   * Sliding-window limiter, 30 per rolling 60 s per key. Every POST that passed
   * auth counts, whether or not it then fails validation (a vendor limiter
   * sits in front of the controller and cannot know). A POST the limiter
   * itself refuses does not take a slot, so a client that backs off gets back
   * in exactly 60 s after its oldest counted POST.
   */
  const admit = (key: string, at: number): boolean => {
    const log = (postLog.get(key) ?? []).filter((t) => at - t < SPRINGEST_UPLOAD_LIMIT.windowMs);
    postLog.set(key, log);
    if (log.length >= SPRINGEST_UPLOAD_LIMIT.max) return false;
    log.push(at);
    return true;
  };

  const bad = (message: string): SimResponse => json(400, { error: message });
  const unprocessable = (message: string): SimResponse => json(422, { error: message });

  const uploadCertificate = async (req: SimRequest, key: string, format: string | undefined): Promise<SimResponse> => {
    const at = now();
    if (!admit(key, at)) return bad(SPRINGEST_RATE_LIMIT_ERROR);

    const contentType = first(req.headers['content-type']) ?? '';
    if (!/^multipart\/form-data\s*;/i.test(contentType) || !/boundary=/i.test(contentType)) {
      return bad('Content-Type must be multipart/form-data with a boundary');
    }
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(req.rawBuffer), { headers: { 'content-type': contentType } }).formData();
    } catch {
      return bad('Malformed multipart/form-data body');
    }
    const fields: Record<string, string> = {};
    form.forEach((value, name) => { if (typeof value === 'string') fields[name] = value; });
    const text = (name: string): string | undefined => {
      const v = form.get(name);
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
    };

    // Syntax first (400), in the doc's field order...
    const conversionId = text('conversion_id');
    if (conversionId !== undefined && !INTEGER.test(conversionId)) return bad('conversion_id: must be an integer');
    const certificationId = text('certification_id');
    if (certificationId === undefined) return bad('certification_id: is required');
    if (!INTEGER.test(certificationId)) return bad('certification_id: must be an integer');
    const email = text('email');
    if (email === undefined) return bad('email: is required');
    if (!EMAIL.test(email)) return bad('email: is invalid');
    const validFrom = text('valid_from');
    if (validFrom === undefined) return bad('valid_from: is required');
    if (!isIsoDate(validFrom)) return bad('valid_from: must be a date (YYYY-MM-DD)');
    const validUntil = text('valid_until');
    if (validUntil !== undefined && !isIsoDate(validUntil)) return bad('valid_until: must be a date (YYYY-MM-DD)');
    const file = form.get('file');
    if (file === null) return bad('file: is required');
    // A plain text field (even an empty-filename part, which parses as one) is not a file.
    if (!isFilePart(file)) return bad(SPRINGEST_FILE_ERROR);
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length === 0) return bad('file: is empty');
    if (looksLikeBase64Pdf(bytes)) return bad(SPRINGEST_FILE_ERROR);

    // ...then consistency with the data (422).
    const certification = certifications.find((c) => String(c.id) === String(Number(certificationId)));
    if (!certification) return unprocessable(`Unknown certification_id ${certificationId}`);
    if (certification.requires_valid_until && validUntil === undefined) {
      return unprocessable(`valid_until: is required for certification ${certification.id} (${certification.name})`);
    }
    if (validUntil !== undefined && validUntil < validFrom) return unprocessable('valid_until: must be on or after valid_from');

    const lower = email.toLowerCase();
    const known = certificates.find((c) => c.user.email.toLowerCase() === lower);
    const certificate: SpringestStoredCertificate = {
      id: nextId(1),
      name: certification.name,
      description: null, // the upload form has no description field
      certification_id: certification.id,
      valid_from: validFrom,
      valid_until: validUntil ?? null,
      // Visible via GET once its certification is verified, and every listed certification is.
      status: 'verified',
      created_at: new Date(at).toISOString(),
      user: { email: lower, external_id: known?.user.external_id ?? null },
    };
    certificates.push(certificate);
    uploads.push({ at, fields, file: { filename: file.name, contentType: file.type || 'application/octet-stream', bytes } });
    return format === '.xml'
      ? { status: 201, text: `<?xml version="1.0" encoding="UTF-8"?>\n${toXml('certificate', certificate)}\n`, headers: { 'content-type': 'application/xml; charset=utf-8' } }
      : json(201, { certificate });
  };

  // ---------------------------------------------------------------- changes over time

  const describe = (c: SpringestStoredCertificate) => `"${c.name}" of ${c.user.email} (#${c.id})`;
  const verified = () => certificates.filter((c) => c.status === 'verified');
  /** Validity in whole years of a certification, read from a certificate of it (3 when none tells). */
  const validityYears = (certificationId: number): number => {
    const peer = certificates.find((c) => c.certification_id === certificationId && c.valid_until !== null);
    return peer ? Math.max(1, Math.round(daysBetween(peer.valid_from, peer.valid_until!) / 365.25)) : 3;
  };

  /** A holder passes the exam of a certification they do not hold yet; the diploma is verified at once. */
  const createOne = (): string | null => {
    const holders = [...new Map(certificates.map((c) => [c.user.email.toLowerCase(), c.user])).values()];
    for (let tries = 0; tries < 50 && holders.length > 0; tries++) {
      const user = rng.pick(holders);
      const certification = rng.pick(certifications);
      if (certificates.some((c) => c.user.email.toLowerCase() === user.email.toLowerCase() && c.certification_id === certification.id)) continue;
      const day = changeDay(opts.today);
      const peer = certificates.find((c) => c.certification_id === certification.id);
      const created: SpringestStoredCertificate = {
        id: nextId(rng.int(1, 37)),
        name: certification.name,
        description: peer?.description ?? null,
        certification_id: certification.id,
        valid_from: day,
        valid_until: certification.requires_valid_until ? addPeriod(day, 'YEAR', validityYears(certification.id)) : null,
        status: 'verified',
        created_at: new Date(changeInstant(opts.today, now())).toISOString(),
        user: { ...user },
      };
      certificates.push(created);
      return `Springest: created ${describe(created)}, valid until ${created.valid_until ?? 'forever'}`;
    }
    return null;
  };

  /** A pending upload gets verified (and so appears), or a diploma is renewed with a new validity period. */
  const updateOne = (asked?: ChangeKind): string | null => {
    const pending = certificates.filter((c) => c.status === 'pending');
    // A pending upload is not listed, so its verification looks like a creation: only when no kind was asked.
    if (!asked && pending.length > 0 && rng.chance(0.5)) {
      const c = rng.pick(pending);
      c.status = 'verified';
      return `Springest: verified ${describe(c)}`;
    }
    const renewable = verified().filter((c) => c.valid_until !== null);
    if (renewable.length === 0) return null;
    const c = rng.pick(renewable);
    const day = changeDay(opts.today);
    const old = c.valid_until;
    c.valid_from = day;
    c.valid_until = addPeriod(day, 'YEAR', validityYears(c.certification_id));
    if (c.valid_until === old) c.valid_until = addPeriod(day, 'YEAR', validityYears(c.certification_id) + 1);
    return `Springest: renewed ${describe(c)}: valid_until ${old} -> ${c.valid_until}`;
  };

  const deleteOne = (): string | null => {
    const visible = verified();
    if (visible.length === 0) return null;
    const [gone] = certificates.splice(certificates.indexOf(rng.pick(visible)), 1);
    return `Springest: deleted ${describe(gone)}`;
  };

  const change = (asked?: ChangeKind): string => runChange(rng, asked, 'Springest', { create: createOne, update: () => updateOne(asked), delete: deleteOne });

  const handler = (req: SimRequest): SimResponse | Promise<SimResponse> => {
    const m = /^\/(users\/certificates|certifications)(\.json|\.xml)?$/.exec(req.path);
    if (!m) return json(404, { error: 'Not found' });
    const [, resource, format] = m;
    const canPost = resource === 'users/certificates';
    if (req.method !== 'GET' && req.method !== 'HEAD' && !(canPost && req.method === 'POST')) {
      return json(405, { error: 'Method not allowed' }, { allow: canPost ? 'GET, POST' : 'GET' });
    }
    const key = first(req.query.api_key);
    const expected = resource === 'certifications' ? credentials.certificationsApiKey : credentials.apiKey;
    if (!key || key !== expected) return json(401, { error: 'Invalid API key' });
    if (resource === 'certifications') return answer(format, 'certifications', certifications);
    if (req.method === 'POST') return uploadCertificate(req, key, format);
    return listCertificates(req, format);
  };

  const sim = await startSimServer(handler, { latencyMs: opts.latencyMs, errorBody: (_status, message) => ({ error: message }), change });
  return withGetters<Simulator & { change: typeof change }, { certificates: readonly SpringestStoredCertificate[]; uploads: readonly SpringestUpload[] }>(Object.assign(sim, { change }), {
    certificates: () => certificates,
    uploads: () => uploads,
  });
}
