/**
 * The gateway's own model of what the four sources hold. Connectors map their
 * wire DTOs into these shapes; GraphQL types are built from them. Nothing here
 * knows about HTTP or about any one vendor's field names.
 */

/** A source's name as its module declares it (e.g. FOURHSE); the registry lists them (connectors/registry.ts). */
export type SourceName = string;

export type ResourceKind =
  | 'PERSON'
  | 'MATERIAL_ITEM'
  | 'ROLE'
  | 'WORK_GROUP'
  | 'WORK_ENVIRONMENT'
  | 'SUBSTANCE'
  | 'EQUIPMENT'
  | 'OFFICE'
  | 'UNIT';

export type StoryKind = 'STORY' | 'ASSESSMENT' | 'SURVEY' | 'SCORM';

/** A 4HSE project (company): the tenant a certificate and its holder belong to. */
export interface TenantRecord {
  /** 4HSE's tenant_id (the project_id): what issuing a 4HSE certificate needs. */
  id: string;
  /** 4HSE's project_name, when the answer carries it. */
  name: string | null;
}

/** The holder of a certificate as the certificate itself describes it. */
export interface ResourceRecord {
  source: SourceName;
  /** The upstream's own identifier (4HSE resource uuid, Ensinio user id, Springest external id or email, Falkor email). */
  sourceId: string;
  type: ResourceKind | null;
  name: string | null;
  email: string | null;
  photoUrl: string | null;
  /** 4HSE: the project the holder belongs to, as its certificate gives it; absent for sources without tenants. */
  tenant?: TenantRecord | null;
}

export interface CertificationRecord {
  source: SourceName;
  sourceId: string;
  name: string | null;
  description: string | null;
}

export interface StoryRecord {
  source: SourceName;
  sourceId: string;
  name: string | null;
  type: StoryKind | null;
}

export interface ValidityRecord {
  unit: 'YEAR' | 'MONTH' | 'DAY';
  count: number;
}

export interface CertificateRecord {
  source: SourceName;
  /** Everything needed to fetch the certificate again, in order; the first element is the upstream id when it has one. */
  key: string[];
  /** The upstream's own identifier, or for Falkor (which has none) a readable composite. */
  sourceId: string;
  name: string | null;
  /** YYYY-MM-DD */
  issuedOn: string | null;
  /** YYYY-MM-DD */
  expiresOn: string | null;
  /** Falkor story certificates are `pending` until delivered. */
  pending: boolean;
  /** Springest marks withdrawn certificates in `status`. */
  revoked: boolean;
  url: string | null;
  note: string | null;
  actionType: string | null;
  validity: ValidityRecord | null;
  warning: boolean | null;
  grade: number | null;
  workloadHours: number | null;
  data: unknown;
  holder: ResourceRecord;
  /** A reference (source + sourceId) and whatever the certificate itself says of it. */
  certification: CertificationRecord | null;
  story: StoryRecord | null;
  /** 4HSE: the project (company) the certificate belongs to; absent for sources without tenants. */
  tenant?: TenantRecord | null;
}
