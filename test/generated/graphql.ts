import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date as YYYY-MM-DD */
  Date: { input: string; output: string; }
  /** An ISO 8601 date-time with offset */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

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
  actionType?: InputMaybe<ActionType>;
  /** A Resource ID: events of certificates of this holder */
  holderId?: InputMaybe<Scalars['ID']['input']>;
  /** Only events of these sources */
  sources?: InputMaybe<Array<Source>>;
  /** Only events of these types */
  types?: InputMaybe<Array<CertificateEventType>>;
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
  actionType?: InputMaybe<ActionType>;
  /** A Certification ID (Certification.id): only certificates of this certification or course, so only its source is asked */
  certificationId?: InputMaybe<Scalars['ID']['input']>;
  /** Expires strictly after this date (YYYY-MM-DD), or never */
  expiresAfter?: InputMaybe<Scalars['Date']['input']>;
  /** Expires strictly before this date (YYYY-MM-DD); excludes certificates that never expire */
  expiresBefore?: InputMaybe<Scalars['Date']['input']>;
  /** The holder's email, matched case-insensitively; only sources that know emails (Springest, Falkor) can match */
  holderEmail?: InputMaybe<Scalars['String']['input']>;
  /** A Resource ID (Resource.id): only this holder's certificates, so only its source is asked */
  holderId?: InputMaybe<Scalars['ID']['input']>;
  /** Issued strictly after this date (YYYY-MM-DD); excludes certificates without an issue date */
  issuedAfter?: InputMaybe<Scalars['Date']['input']>;
  /** Text (1 to 200 characters, not blank) found case-insensitively in the certificate, holder, certification or story name, or the holder email */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only these sources (omitted: every configured source) */
  sources?: InputMaybe<Array<Source>>;
  /** Only certificates in one of these states today */
  status?: InputMaybe<Array<CertificateStatus>>;
  /** A Story ID (Story.id): only certificates of this Falkor story */
  storyId?: InputMaybe<Scalars['ID']['input']>;
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
  conclusionDate: Scalars['Date']['input'];
  /** The Ensinio course (group) id, a positive integer (Certification.sourceId of an Ensinio Certification); an unknown one answers NOT_FOUND */
  groupId: Scalars['Int']['input'];
  /** The Ensinio user id of the holder, a positive integer (Resource.sourceId of an Ensinio Resource); an unknown one answers NOT_FOUND */
  userId: Scalars['Int']['input'];
};

/** A new 4HSE certificate (sent as POST /v2/certificate/create); give it as input.fourhse */
export type FourHseIssueInput = {
  /** The kind of requirement the certificate proves; it decides what resourceId must be */
  actionType: ActionType;
  /** 4HSE's data: a JSON object whose content depends on actionType (e.g. course details, examination results) */
  data?: InputMaybe<Scalars['JSON']['input']>;
  /** Expiry date (YYYY-MM-DD), on or after issuedOn; omitted: the certificate does not expire */
  expiresOn?: InputMaybe<Scalars['Date']['input']>;
  /** Issue date (YYYY-MM-DD) */
  issuedOn: Scalars['Date']['input'];
  /** The certificate's title, 1 to 255 characters */
  name: Scalars['String']['input'];
  /** Free text, at most 10,000 characters */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The holder's 4HSE resource uuid (Resource.sourceId of a 4HSE Resource): a person for TRAINING, HEALTH and PER; equipment, a work environment, a substance … for MAINTENANCE and CHECK */
  resourceId: Scalars['String']['input'];
  /** 4HSE project (company) uuid, 4HSE's tenant_id: take it from the holder (Resource.tenantId) or from one of its certificates (Certificate.tenantId). 4HSE's Certificate API lists no projects (they come from its Project API, which the gateway does not read), so the gateway offers no list of them */
  tenantId: Scalars['String']['input'];
  /** Validity period, 1 to 1000 validityUnits; give both or neither */
  validity?: InputMaybe<Scalars['Int']['input']>;
  /** The unit of validity; give both or neither */
  validityUnit?: InputMaybe<ValidityUnit>;
  /** True to set an active warning on the certificate in 4HSE */
  warning?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Exactly one branch (@oneOf): the source to record the certificate in, with that source's own fields. A source without a branch here is read only (see sources { capabilities }). */
export type IssueCertificateInput =
  /** Record the certificate in Ensinio */
  { ensinio: EnsinioIssueInput; fourhse?: never; springest?: never; }
  |  /** Record the certificate in 4HSE */
  { ensinio?: never; fourhse: FourHseIssueInput; springest?: never; }
  |  /** Upload the certificate to Springest */
  { ensinio?: never; fourhse?: never; springest: SpringestIssueInput; };

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

/** What a source accepts through the gateway; a mutation a source lacks answers NOT_SUPPORTED_BY_SOURCE */
export type SourceCapability =
  /** issueCertificate records new certificates in it (with the input branch of its name) */
  | 'ISSUE'
  /** The gateway polls it for changes: events arrive up to POLL_INTERVAL_S late */
  | 'POLLED'
  /** Its certificates can be listed and read (every source) */
  | 'READ'
  /** revokeCertificate removes its certificates */
  | 'REVOKE'
  /** revokeCertificate without force only lists what force: true would remove (ask, then revoke with force) */
  | 'REVOKE_PREVIEW'
  /** updateCertificate changes its certificates */
  | 'UPDATE'
  /** Issuing uploads the certificate's PDF, given base64 in the input */
  | 'UPLOAD_PDF'
  /** It pushes its changes: events arrive as they happen */
  | 'WEBHOOKS';

/** A Springest certificate upload (sent as POST /users/certificates, multipart/form-data with the PDF as a file part; at most 30 a minute across replicas, later ones wait up to 15 s or answer RATE_LIMITED); give it as input.springest */
export type SpringestIssueInput = {
  /** The Springest certification id, a positive integer (Certification.sourceId of a Springest Certification) */
  certificationId: Scalars['Int']['input'];
  /** Springest's conversion_id, when your integration has one (sent as is) */
  conversionId?: InputMaybe<Scalars['Int']['input']>;
  /** The holder's email address, as Springest knows the user */
  email: Scalars['String']['input'];
  /** The PDF, base64-encoded (the gateway decodes it and uploads the bytes as a file); at most 10 MiB decoded */
  fileBase64: Scalars['String']['input'];
  /** The file name Springest shows: a plain name ending in .pdf, at most 255 characters */
  fileName?: InputMaybe<Scalars['String']['input']>;
  /** First day of validity (YYYY-MM-DD): the issue date */
  validFrom: Scalars['Date']['input'];
  /** Last day of validity (YYYY-MM-DD), on or after validFrom; required by Springest when the certification's requires_valid_until is set */
  validUntil?: InputMaybe<Scalars['Date']['input']>;
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
  actionType?: InputMaybe<ActionType>;
  /** New 4HSE data object (replaces the old one whole); null clears it */
  data?: InputMaybe<Scalars['JSON']['input']>;
  /** New expiry date (YYYY-MM-DD), on or after the issue date (given here or current); null: the certificate no longer expires */
  expiresOn?: InputMaybe<Scalars['Date']['input']>;
  /** New issue date (YYYY-MM-DD; null is refused) */
  issuedOn?: InputMaybe<Scalars['Date']['input']>;
  /** New title, 1 to 255 characters (null is refused) */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New free text, at most 10,000 characters; null clears it */
  note?: InputMaybe<Scalars['String']['input']>;
  /** New validity period, 1 to 1000 validityUnits; give both or neither; null (both) clears it */
  validity?: InputMaybe<Scalars['Int']['input']>;
  /** The unit of validity; give both or neither */
  validityUnit?: InputMaybe<ValidityUnit>;
  /** True sets, false clears the active warning in 4HSE (null is refused) */
  warning?: InputMaybe<Scalars['Boolean']['input']>;
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
  id: Scalars['ID']['input'];
}>;


export type CertificateByIdQuery = { __typename?: 'Query', certificate?: { __typename?: 'Certificate', id: string, source: Source, sourceId: string, name?: string | null, status: CertificateStatus, issuedOn?: string | null, expiresOn?: string | null, url?: string | null, note?: string | null, actionType?: ActionType | null, warning?: boolean | null, grade?: number | null, workloadHours?: number | null, data?: unknown | null, validity?: { __typename?: 'Validity', unit: ValidityUnit, count: number } | null, holder: { __typename?: 'Resource', id: string, source: Source, type?: ResourceType | null, name?: string | null, email?: string | null }, certification?: { __typename?: 'Certification', id: string, name?: string | null } | null, story?: { __typename?: 'Story', id: string, name?: string | null, type?: StoryType | null } | null } | null };

export type CertificatesPageQueryVariables = Exact<{
  filter?: InputMaybe<CertificateFilter>;
  orderBy?: InputMaybe<CertificateOrder>;
  first?: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CertificatesPageQuery = { __typename?: 'Query', certificates: { __typename?: 'CertificateConnection', totalCount: number, edges: Array<{ __typename?: 'CertificateEdge', cursor: string, node: { __typename?: 'Certificate', id: string, source: Source, sourceId: string, name?: string | null, status: CertificateStatus, issuedOn?: string | null, expiresOn?: string | null, holder: { __typename?: 'Resource', id: string, name?: string | null, email?: string | null, type?: ResourceType | null }, certification?: { __typename?: 'Certification', id: string, name?: string | null } | null, story?: { __typename?: 'Story', id: string, name?: string | null, type?: StoryType | null } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type CertificationsQueryVariables = Exact<{
  sources?: InputMaybe<Array<Source> | Source>;
  first?: Scalars['Int']['input'];
}>;


export type CertificationsQuery = { __typename?: 'Query', certifications: Array<{ __typename?: 'Certification', id: string, source: Source, sourceId: string, name?: string | null, description?: string | null, certificates: { __typename?: 'CertificateConnection', totalCount: number, nodes: Array<{ __typename?: 'Certificate', id: string, name?: string | null, certification?: { __typename?: 'Certification', id: string } | null }> } }> };

export type NodeByIdQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NodeByIdQuery = { __typename?: 'Query', node?: { __typename: 'Certificate', source: Source, sourceId: string, name?: string | null, status: CertificateStatus, expiresOn?: string | null, id: string, holder: { __typename?: 'Resource', id: string, name?: string | null } } | { __typename: 'Certification', source: Source, sourceId: string, name?: string | null, description?: string | null, id: string } | { __typename: 'Resource', source: Source, sourceId: string, type?: ResourceType | null, name?: string | null, email?: string | null, id: string } | { __typename: 'Story', sourceId: string, name?: string | null, id: string, storyType?: StoryType | null } | null };

export type PersonByEmailQueryVariables = Exact<{
  email: Scalars['String']['input'];
  first?: Scalars['Int']['input'];
}>;


export type PersonByEmailQuery = { __typename?: 'Query', person?: { __typename?: 'Person', email: string, name?: string | null, resources: Array<{ __typename?: 'Resource', id: string, source: Source, name?: string | null }>, certificates: { __typename?: 'CertificateConnection', totalCount: number, nodes: Array<{ __typename?: 'Certificate', id: string, source: Source, name?: string | null }> } } | null };

export type ResourceWithCertificatesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ResourceWithCertificatesQuery = { __typename?: 'Query', resource?: { __typename?: 'Resource', id: string, source: Source, sourceId: string, type?: ResourceType | null, name?: string | null, email?: string | null, photoUrl?: string | null, certificates: { __typename?: 'CertificateConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ __typename?: 'Certificate', id: string, source: Source, name?: string | null, status: CertificateStatus, expiresOn?: string | null, holder: { __typename?: 'Resource', id: string } }> } } | null };

export type SourcesQueryVariables = Exact<{ [key: string]: never; }>;


export type SourcesQuery = { __typename?: 'Query', sources: Array<{ __typename?: 'SourceStatus', name: Source, configured: boolean, healthy: boolean, lastError?: string | null, lastErrorAt?: string | null, lastSuccessAt?: string | null }> };

export type StoriesQueryVariables = Exact<{
  first?: Scalars['Int']['input'];
}>;


export type StoriesQuery = { __typename?: 'Query', stories: Array<{ __typename?: 'Story', id: string, sourceId: string, name?: string | null, type?: StoryType | null, certificates: { __typename?: 'CertificateConnection', totalCount: number, nodes: Array<{ __typename?: 'Certificate', id: string, source: Source, status: CertificateStatus, issuedOn?: string | null, expiresOn?: string | null, story?: { __typename?: 'Story', id: string } | null }> } }> };


export const CertificateByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CertificateById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actionType"}},{"kind":"Field","name":{"kind":"Name","value":"validity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warning"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"workloadHours"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<CertificateByIdQuery, CertificateByIdQueryVariables>;
export const CertificatesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CertificatesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CertificateFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CertificateOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<CertificatesPageQuery, CertificatesPageQueryVariables>;
export const CertificationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Certifications"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sources"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Source"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sources"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sources"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CertificationsQuery, CertificationsQueryVariables>;
export const NodeByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NodeById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certificate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Resource"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Story"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","alias":{"kind":"Name","value":"storyType"},"name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<NodeByIdQuery, NodeByIdQueryVariables>;
export const PersonByEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PersonByEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PersonByEmailQuery, PersonByEmailQueryVariables>;
export const ResourceWithCertificatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResourceWithCertificates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"photoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ResourceWithCertificatesQuery, ResourceWithCertificatesQueryVariables>;
export const SourcesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"configured"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}}]}}]}}]} as unknown as DocumentNode<SourcesQuery, SourcesQueryVariables>;
export const StoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Stories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sourceId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"story"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<StoriesQuery, StoriesQueryVariables>;