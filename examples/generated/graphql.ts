/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The kind of requirement a 4HSE certificate proves (4HSE's action_type); only 4HSE certificates have one */
export type ActionType =
  /** An inspection or check */
  | 'CHECK'
  /** A medical examination (holder: a person) */
  | 'HEALTH'
  /** Maintenance carried out (holder: usually equipment, a material item or a work environment) */
  | 'MAINTENANCE'
  /** A personal protective equipment (PPE) requirement (holder: a person) */
  | 'PER'
  /** A training course attended (holder: a person) */
  | 'TRAINING';

/** Which events to deliver; all conditions given must hold, an omitted one does not filter */
export type CertificateEventFilter = {
  /** Only events of 4HSE certificates of this kind of requirement (events that do not carry the certificate are left out) */
  actionType?: ActionType | null | undefined;
  /** A Resource ID: events of certificates of this holder */
  holderId?: string | number | null | undefined;
  /** Only events of these sources */
  sources?: Array<Source> | null | undefined;
  /** Only events of these types */
  types?: Array<CertificateEventType> | null | undefined;
};

/** What happened to a certificate */
export type CertificateEventType =
  /** A certificate appeared (issued through the gateway, a 4HSE webhook, or found by polling) */
  | 'CREATED'
  /** A certificate was deleted or revoked at its source */
  | 'DELETED'
  /** A certificate passed its expiry date; once per certificate and expiry date */
  | 'EXPIRED'
  /** A certificate entered the expiry window (EXPIRING_WITHIN_DAYS before expiresOn); once per certificate and expiry date */
  | 'EXPIRING'
  /** A certificate changed; changes lists the fields */
  | 'UPDATED';

/** Which certificates to list. All conditions given must hold; an omitted one does not filter. Each is pushed to the upstreams that can apply it, the rest applied by the gateway; sources that cannot match a condition are not asked at all */
export type CertificateFilter = {
  /** Only certificates of this kind of requirement; only 4HSE certificates have one, so only 4HSE is asked */
  actionType?: ActionType | null | undefined;
  /** A Certification ID (Certification.id): only certificates of this certification or course, so only its source is asked */
  certificationId?: string | number | null | undefined;
  /** Expires strictly after this date (YYYY-MM-DD), or never */
  expiresAfter?: string | null | undefined;
  /** Expires strictly before this date (YYYY-MM-DD); excludes certificates that never expire */
  expiresBefore?: string | null | undefined;
  /** The holder's email, matched case-insensitively; only sources that know emails (Springest, Falkor) can match */
  holderEmail?: string | null | undefined;
  /** A Resource ID (Resource.id): only this holder's certificates, so only its source is asked */
  holderId?: string | number | null | undefined;
  /** Issued strictly after this date (YYYY-MM-DD); excludes certificates without an issue date */
  issuedAfter?: string | null | undefined;
  /** Text (1 to 200 characters, not blank) found case-insensitively in the certificate, holder, certification or story name, or the holder email */
  search?: string | null | undefined;
  /** Only these sources (omitted: every configured source) */
  sources?: Array<Source> | null | undefined;
  /** Only certificates in one of these states today */
  status?: Array<CertificateStatus> | null | undefined;
  /** A Story ID (Story.id): only certificates of this Falkor story */
  storyId?: string | number | null | undefined;
};

/** The order of a certificate list, the same across all sources */
export type CertificateOrder = {
  /** Ascending by default */
  direction?: OrderDirection;
  /** What to sort by */
  field: CertificateOrderField;
};

/** What certificate lists are sorted by; certificates with equal values keep one fixed order, so pages neither repeat nor skip */
export type CertificateOrderField =
  /** Expiry date; certificates without one come last ascending, first descending */
  | 'EXPIRES_ON'
  /** Issue date; certificates without one come last ascending, first descending */
  | 'ISSUED_ON'
  /** Certificate name, ignoring case and accents; certificates without one come last ascending, first descending */
  | 'NAME';

/** A certificate's state today (the gateway's UTC date), computed by the gateway from expiresOn and the source's own state */
export type CertificateStatus =
  /** expiresOn is before today */
  | 'EXPIRED'
  /** Expires between today and EXPIRING_WITHIN_DAYS (default 30) days from today, both included */
  | 'EXPIRING'
  /** Not delivered yet (Falkor story certificate in state pending, Springest status pending); takes precedence over the dates */
  | 'PENDING'
  /** Withdrawn by the source (Springest status revoked or rejected); takes precedence over the dates */
  | 'REVOKED'
  /** Not expired and not within the expiry window; also every certificate without an expiry date */
  | 'VALID';

/** A new Ensinio course certificate (sent as POST /public/api/v1/certificates); give it as input.ensinio */
export type EnsinioIssueInput = {
  /** The day the course was completed (YYYY-MM-DD): the issue date */
  conclusionDate: string;
  /** The Ensinio course (group) id, a positive integer (Certification.sourceId of an Ensinio Certification); an unknown one answers NOT_FOUND */
  groupId: number;
  /** The Ensinio user id of the holder, a positive integer (Resource.sourceId of an Ensinio Resource); an unknown one answers NOT_FOUND */
  userId: number;
};

/** A new 4HSE certificate (sent as POST /v2/certificate/create); give it as input.fourhse */
export type FourHseIssueInput = {
  /** The kind of requirement the certificate proves; it decides what resourceId must be */
  actionType: ActionType;
  /** 4HSE's data: a JSON object whose content depends on actionType (e.g. course details, examination results) */
  data?: unknown;
  /** Expiry date (YYYY-MM-DD), on or after issuedOn; omitted: the certificate does not expire */
  expiresOn?: string | null | undefined;
  /** Issue date (YYYY-MM-DD) */
  issuedOn: string;
  /** The certificate's title, 1 to 255 characters */
  name: string;
  /** Free text, at most 10,000 characters */
  note?: string | null | undefined;
  /** The holder's 4HSE resource uuid (Resource.sourceId of a 4HSE Resource): a person for TRAINING, HEALTH and PER; equipment, a work environment, a substance … for MAINTENANCE and CHECK */
  resourceId: string;
  /** 4HSE project (company) uuid, 4HSE's tenant_id: take it from the holder (Resource.tenantId) or from one of its certificates (Certificate.tenantId). 4HSE's Certificate API lists no projects (they come from its Project API, which the gateway does not read), so the gateway offers no list of them */
  tenantId: string;
  /** Validity period, 1 to 1000 validityUnits; give both or neither */
  validity?: number | null | undefined;
  /** The unit of validity; give both or neither */
  validityUnit?: ValidityUnit | null | undefined;
  /** True to set an active warning on the certificate in 4HSE */
  warning?: boolean | null | undefined;
};

/** Exactly one branch (@oneOf): the source to record the certificate in, with that source's own fields. A source without a branch here is read only (see sources { capabilities }). */
export type IssueCertificateInput =
  {   /** Record the certificate in Ensinio */
  ensinio: EnsinioIssueInput; fourhse?: never; springest?: never; }
  |  { ensinio?: never;   /** Record the certificate in 4HSE */
  fourhse: FourHseIssueInput; springest?: never; }
  |  { ensinio?: never; fourhse?: never;   /** Upload the certificate to Springest */
  springest: SpringestIssueInput; };

/** Sort direction */
export type OrderDirection =
  /** Ascending: earliest date or A first */
  | 'ASC'
  /** Descending: latest date or Z first */
  | 'DESC';

/** What a certificate holder is: 4HSE's resource types (4HSE certifies equipment, substances … as well as people); Springest, Ensinio and Falkor holders are always PERSON */
export type ResourceType =
  /** 4HSE: a piece of office equipment (machine, tool, vehicle …) */
  | 'EQUIPMENT'
  /** 4HSE: a material item, i.e. a piece of personal protective equipment (PPE) */
  | 'MATERIAL_ITEM'
  /** 4HSE: an office (site) of the company (project) */
  | 'OFFICE'
  /** A person (every holder of Springest, Ensinio and Falkor) */
  | 'PERSON'
  /** 4HSE: a role (job position) of an office */
  | 'ROLE'
  /** 4HSE: a substance used in an office */
  | 'SUBSTANCE'
  /** 4HSE: a unit, i.e. a supplier */
  | 'UNIT'
  /** 4HSE: a work environment of an office */
  | 'WORK_ENVIRONMENT'
  /** 4HSE: a group of workers */
  | 'WORK_GROUP';

/** The upstream system that holds an object. Every value exists whether or not the source is configured here (`sources` tells which are) */
export type Source =
  /** Ensinio: course certificates (read, issue, revoke; polled) */
  | 'ENSINIO'
  /** Falkor: story certificates (read only; polled) */
  | 'FALKOR'
  /** 4HSE: certificates of people, equipment, substances, offices … (read, write, webhooks) */
  | 'FOURHSE'
  /** Springest: e-learning certificates and certifications (read, PDF upload; polled) */
  | 'SPRINGEST';

/** A Springest certificate upload (sent as POST /users/certificates, multipart/form-data with the PDF as a file part; at most 30 a minute across replicas, later ones wait up to 15 s or answer RATE_LIMITED); give it as input.springest */
export type SpringestIssueInput = {
  /** The Springest certification id, a positive integer (Certification.sourceId of a Springest Certification) */
  certificationId: number;
  /** Springest's conversion_id, when your integration has one (sent as is) */
  conversionId?: number | null | undefined;
  /** The holder's email address, as Springest knows the user */
  email: string;
  /** The PDF, base64-encoded (the gateway decodes it and uploads the bytes as a file); at most 10 MiB decoded */
  fileBase64: string;
  /** The file name Springest shows: a plain name ending in .pdf, at most 255 characters */
  fileName?: string | null | undefined;
  /** First day of validity (YYYY-MM-DD): the issue date */
  validFrom: string;
  /** Last day of validity (YYYY-MM-DD), on or after validFrom; required by Springest when the certification's requires_valid_until is set */
  validUntil?: string | null | undefined;
};

/** The kind of a Falkor story (Falkor sends it in mixed case; the gateway upper-cases it) */
export type StoryType =
  /** An assessment (test) */
  | 'ASSESSMENT'
  /** A SCORM package */
  | 'SCORM'
  /** A learning story */
  | 'STORY'
  /** A survey */
  | 'SURVEY';

/** The fields of a 4HSE certificate to change (sent as PUT /v2/certificate/update/{id}); at least one. A field left out is kept */
export type UpdateCertificateInput = {
  /** New kind of requirement (null is refused) */
  actionType?: ActionType | null | undefined;
  /** New 4HSE data object (replaces the old one whole); null clears it */
  data?: unknown;
  /** New expiry date (YYYY-MM-DD), on or after the issue date (given here or current); null: the certificate no longer expires */
  expiresOn?: string | null | undefined;
  /** New issue date (YYYY-MM-DD; null is refused) */
  issuedOn?: string | null | undefined;
  /** New title, 1 to 255 characters (null is refused) */
  name?: string | null | undefined;
  /** New free text, at most 10,000 characters; null clears it */
  note?: string | null | undefined;
  /** New validity period, 1 to 1000 validityUnits; give both or neither; null (both) clears it */
  validity?: number | null | undefined;
  /** The unit of validity; give both or neither */
  validityUnit?: ValidityUnit | null | undefined;
  /** True sets, false clears the active warning in 4HSE (null is refused) */
  warning?: boolean | null | undefined;
};

/** The unit of a 4HSE validity period (4HSE's validity_unit) */
export type ValidityUnit =
  /** Days */
  | 'DAY'
  /** Calendar months */
  | 'MONTH'
  /** Calendar years */
  | 'YEAR';

export type CertificateByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type CertificateByIdQuery = { certificate: { id: string, source: Source, sourceId: string, name: string | null, status: CertificateStatus, issuedOn: string | null, expiresOn: string | null, url: string | null, note: string | null, actionType: ActionType | null, warning: boolean | null, grade: number | null, workloadHours: number | null, data: unknown, validity: { unit: ValidityUnit, count: number } | null, holder: { id: string, source: Source, type: ResourceType | null, name: string | null, email: string | null }, certification: { id: string, name: string | null } | null, story: { id: string, name: string | null, type: StoryType | null } | null } | null };

export type CertificateEventsSubscriptionVariables = Exact<{
  filter?: CertificateEventFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type CertificateEventsSubscription = { certificateEvents: { eventId: string, type: CertificateEventType, source: Source, certificateId: string, occurredAt: string, changes: Array<{ field: string, old: unknown, new: unknown }>, certificate: { id: string, name: string | null, status: CertificateStatus, expiresOn: string | null, holder: { id: string, name: string | null } } | null } };

export type CertificatesPageQueryVariables = Exact<{
  filter?: CertificateFilter | null | undefined;
  orderBy?: CertificateOrder | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;


export type CertificatesPageQuery = { certificates: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, source: Source, sourceId: string, name: string | null, status: CertificateStatus, issuedOn: string | null, expiresOn: string | null, holder: { id: string, name: string | null, email: string | null, type: ResourceType | null }, certification: { id: string, name: string | null } | null, story: { id: string, name: string | null, type: StoryType | null } | null } }>, pageInfo: { hasPreviousPage: boolean, hasNextPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type CertificatesPageBackwardQueryVariables = Exact<{
  filter?: CertificateFilter | null | undefined;
  orderBy?: CertificateOrder | null | undefined;
  last?: number;
  before?: string | null | undefined;
}>;


export type CertificatesPageBackwardQuery = { certificates: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, source: Source, sourceId: string, name: string | null, status: CertificateStatus, issuedOn: string | null, expiresOn: string | null, holder: { id: string, name: string | null, email: string | null, type: ResourceType | null }, certification: { id: string, name: string | null } | null, story: { id: string, name: string | null, type: StoryType | null } | null } }>, pageInfo: { hasPreviousPage: boolean, hasNextPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type CertificationsQueryVariables = Exact<{
  sources?: Array<Source> | Source | null | undefined;
  first?: number;
}>;


export type CertificationsQuery = { certifications: Array<{ id: string, source: Source, sourceId: string, name: string | null, description: string | null, certificates: { totalCount: number, nodes: Array<{ id: string, name: string | null, certification: { id: string } | null }> } }> };

export type IssueCertificateMutationVariables = Exact<{
  input: IssueCertificateInput;
  idempotencyKey?: string | null | undefined;
}>;


export type IssueCertificateMutation = { issueCertificate: { id: string, source: Source, sourceId: string, name: string | null, status: CertificateStatus, issuedOn: string | null, expiresOn: string | null, holder: { id: string, name: string | null } } };

export type NodeByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeByIdQuery = { node:
    | { __typename: 'Certificate', source: Source, sourceId: string, name: string | null, status: CertificateStatus, expiresOn: string | null, id: string, holder: { id: string, name: string | null } }
    | { __typename: 'Certification', source: Source, sourceId: string, name: string | null, description: string | null, id: string }
    | { __typename: 'Resource', source: Source, sourceId: string, type: ResourceType | null, name: string | null, email: string | null, id: string }
    | { __typename: 'Story', sourceId: string, name: string | null, id: string, storyType: StoryType | null }
   | null };

export type PersonByEmailQueryVariables = Exact<{
  email: string;
  first?: number;
}>;


export type PersonByEmailQuery = { person: { email: string, name: string | null, resources: Array<{ id: string, source: Source, sourceId: string, type: ResourceType | null, name: string | null, email: string | null }>, certificates: { totalCount: number, nodes: Array<{ id: string, source: Source, name: string | null, status: CertificateStatus, issuedOn: string | null, expiresOn: string | null }> } } | null };

export type ResourceWithCertificatesQueryVariables = Exact<{
  id: string | number;
  first?: number;
  after?: string | null | undefined;
}>;


export type ResourceWithCertificatesQuery = { resource: { id: string, source: Source, sourceId: string, type: ResourceType | null, name: string | null, email: string | null, photoUrl: string | null, certificates: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, source: Source, name: string | null, status: CertificateStatus, expiresOn: string | null, holder: { id: string } }> } } | null };

export type RevokeCertificateMutationVariables = Exact<{
  id: string | number;
  force?: boolean;
  idempotencyKey?: string | null | undefined;
}>;


export type RevokeCertificateMutation = { revokeCertificate: { certificateId: string, source: Source, revoked: boolean, message: string | null, wouldDelete: Array<{ type: string, id: string | null, name: string | null }> } };

export type SourcesQueryVariables = Exact<{ [key: string]: never; }>;


export type SourcesQuery = { sources: Array<{ name: Source, configured: boolean, healthy: boolean, lastError: string | null, lastErrorAt: string | null, lastSuccessAt: string | null }> };

export type StoriesQueryVariables = Exact<{
  first?: number;
}>;


export type StoriesQuery = { stories: Array<{ id: string, sourceId: string, name: string | null, type: StoryType | null, certificates: { totalCount: number, nodes: Array<{ id: string, source: Source, status: CertificateStatus, issuedOn: string | null, expiresOn: string | null, story: { id: string } | null }> } }> };

export type UpdateCertificateMutationVariables = Exact<{
  id: string | number;
  input: UpdateCertificateInput;
  idempotencyKey?: string | null | undefined;
}>;


export type UpdateCertificateMutation = { updateCertificate: { id: string, name: string | null, status: CertificateStatus, issuedOn: string | null, expiresOn: string | null, note: string | null, validity: { unit: ValidityUnit, count: number } | null } };


export const CertificateByIdDocument = {"__meta__":{"hash":"sha256:0c33c736c243b8f0b891b2c99269527ce9b564cd082659b07e6aedeb350ff934"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CertificateById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actionType"}},{"kind":"Field","name":{"kind":"Name","value":"validity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warning"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"workloadHours"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<CertificateByIdQuery, CertificateByIdQueryVariables>;
export const CertificateEventsDocument = {"__meta__":{"hash":"sha256:b85ee75904573d22bb989f908a9ef7352484f5873595da96995e298e3ed24f37"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CertificateEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CertificateEventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificateEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"certificateId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"old"}},{"kind":"Field","name":{"kind":"Name","value":"new"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certificate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CertificateEventsSubscription, CertificateEventsSubscriptionVariables>;
export const CertificatesPageDocument = {"__meta__":{"hash":"sha256:6947c3a2316db90224edef583463229bf58eb7642896dc053eab0b0b01d13922"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CertificatesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CertificateFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CertificateOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<CertificatesPageQuery, CertificatesPageQueryVariables>;
export const CertificatesPageBackwardDocument = {"__meta__":{"hash":"sha256:84d796087111be8f4b9c1b715130324f793cf07e46ff4db783640d86dd44c72a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CertificatesPageBackward"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CertificateFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CertificateOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<CertificatesPageBackwardQuery, CertificatesPageBackwardQueryVariables>;
export const CertificationsDocument = {"__meta__":{"hash":"sha256:716d8873fb5a7089aeb3311bf7ecfbc11e4334340db151924e73575432b96c96"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Certifications"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sources"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Source"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sources"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sources"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CertificationsQuery, CertificationsQueryVariables>;
export const IssueCertificateDocument = {"__meta__":{"hash":"sha256:be0183868a724d718eca7937a397cc72a07a7da1e2da110efa240f4e9411b1d6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IssueCertificate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IssueCertificateInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issueCertificate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<IssueCertificateMutation, IssueCertificateMutationVariables>;
export const NodeByIdDocument = {"__meta__":{"hash":"sha256:7910a36c42d8eb008fbf171db15eeee8f4daa39e85d315cfa2d7a60f6fa826ad"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NodeById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certificate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Story"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","alias":{"kind":"Name","value":"storyType"},"name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<NodeByIdQuery, NodeByIdQueryVariables>;
export const PersonByEmailDocument = {"__meta__":{"hash":"sha256:b74ce13e439e829f1b37ac1a0ec12cfcc4587b1faa2c3956d3194d75d0085138"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PersonByEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PersonByEmailQuery, PersonByEmailQueryVariables>;
export const ResourceWithCertificatesDocument = {"__meta__":{"hash":"sha256:250e2e2d72f8607f3780613ca8b9e9dc144a7672a41040f21396340339413dc4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResourceWithCertificates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"photoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ResourceWithCertificatesQuery, ResourceWithCertificatesQueryVariables>;
export const RevokeCertificateDocument = {"__meta__":{"hash":"sha256:c2571704c8e3cdc4ac18b7042fcca341ea43bcf5cefbca16d5187202b20a33b9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeCertificate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeCertificate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificateId"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"revoked"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"wouldDelete"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeCertificateMutation, RevokeCertificateMutationVariables>;
export const SourcesDocument = {"__meta__":{"hash":"sha256:686113635afeb14673f27b5be13da127a1a8f65319010dad29900ac6a8748d5a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"configured"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}}]}}]}}]} as unknown as DocumentNode<SourcesQuery, SourcesQueryVariables>;
export const StoriesDocument = {"__meta__":{"hash":"sha256:6a8917e6960db2320d8011a934e9a1df0099508fd652b8222d127323211214de"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Stories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<StoriesQuery, StoriesQueryVariables>;
export const UpdateCertificateDocument = {"__meta__":{"hash":"sha256:01b88999b71be200a137d99bbc18be9917bb815987bdb73c48712a3b658bb869"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateCertificate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateCertificateInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCertificate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"validity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateCertificateMutation, UpdateCertificateMutationVariables>;