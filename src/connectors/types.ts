import type DataLoader from 'dataloader';
import type { CertificateRecord, CertificationRecord, ResourceRecord, SourceName, StoryRecord } from '../domain';
import type { CertificateCriteria, CertificateOrder, StatusContext } from '../query';
import { matchesCriteria, sortLocal } from '../query';
import type { HealthTracker } from './health';

export interface ListRequest {
  criteria: CertificateCriteria;
  order: CertificateOrder;
  /** Position in this source's ordered, filtered stream. */
  offset: number;
  limit: number;
}

export interface CertificateWindow {
  items: CertificateRecord[];
  /** How many certificates of this source match the criteria in all. */
  total: number;
}

/** Per-request data access of one source. Built in the request context; never shared across requests. */
export interface SourceLoaders {
  listCertificates(req: ListRequest): Promise<CertificateWindow>;
  /** Keyed by JSON of the certificate's key (see CertificateRecord.key). */
  certificateByKey: DataLoader<string, CertificateRecord | null>;
  /** Keyed by the resource's sourceId. */
  resourceById: DataLoader<string, ResourceRecord | null>;
  certificationById?: DataLoader<string, CertificationRecord | null>;
  listCertifications?(): Promise<CertificationRecord[]>;
  storyById?: DataLoader<string, StoryRecord | null>;
  listStories?(): Promise<StoryRecord[]>;
}

/** A certificate's writable fields as the gateway names them (dates YYYY-MM-DD); null clears a field. */
export interface CertificateFields {
  name?: string;
  issuedOn?: string;
  expiresOn?: string | null;
  actionType?: string;
  resourceId?: string;
  tenantId?: string;
  note?: string | null;
  data?: unknown;
  validity?: number | null;
  validityUnit?: 'YEAR' | 'MONTH' | 'DAY' | null;
  warning?: boolean;
}

export interface RevokeOutcome {
  revoked: boolean;
  /** For a 4HSE preview (force: false): the entities a forced delete would remove. */
  affected: { type: string; id: string | null; name: string | null }[];
  message: string | null;
}

/** The writes a source supports; a missing method is NOT_SUPPORTED_BY_SOURCE. */
export interface CertificateWriter {
  /** `input` is this source's own branch of IssueCertificateInput, already validated at the edge (its shape is the writer's to declare). */
  issue?(input: object): Promise<CertificateRecord>;
  update?(key: readonly string[], fields: CertificateFields): Promise<CertificateRecord>;
  revoke?(key: readonly string[], force: boolean): Promise<RevokeOutcome>;
}

/** A source's long-lived connector: HTTP client, credentials, caches of reference data. */
export interface Connector {
  readonly source: SourceName;
  readonly health: HealthTracker;
  createLoaders(status: StatusContext): SourceLoaders;
  /** Absent for read-only sources (Falkor). */
  readonly writer?: CertificateWriter;
  /** Drops whatever the connector caches across requests (reference data); called after writes and by the benchmark's cold runs. */
  invalidate(): void;
}

/** The window of a source that has no server-side ordering: filter, sort and slice in the gateway. */
export function windowOf(all: CertificateRecord[], req: ListRequest, status: StatusContext): CertificateWindow {
  const matching = sortLocal(
    all.filter((c) => matchesCriteria(c, req.criteria, status)),
    req.order,
  );
  return { items: matching.slice(req.offset, req.offset + req.limit), total: matching.length };
}

export { stableKey } from '../canonical';
