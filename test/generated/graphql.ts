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

/** 4HSE's requirement types (PER: personal protective equipment) */
export type ActionType =
  | 'CHECK'
  | 'HEALTH'
  | 'MAINTENANCE'
  | 'PER'
  | 'TRAINING';

export type CertificateEventFilter = {
  actionType?: InputMaybe<ActionType>;
  /** A Resource ID: events of certificates of this holder */
  holderId?: InputMaybe<Scalars['ID']['input']>;
  sources?: InputMaybe<Array<Source>>;
  types?: InputMaybe<Array<CertificateEventType>>;
};

export type CertificateEventType =
  | 'CREATED'
  | 'DELETED'
  | 'EXPIRED'
  | 'EXPIRING'
  | 'UPDATED';

/** All conditions must hold. Each is pushed to the upstreams that can apply it, the rest applied by the gateway. */
export type CertificateFilter = {
  actionType?: InputMaybe<ActionType>;
  /** A Certification ID */
  certificationId?: InputMaybe<Scalars['ID']['input']>;
  /** Expires strictly after this date, or never */
  expiresAfter?: InputMaybe<Scalars['Date']['input']>;
  /** Expires strictly before this date */
  expiresBefore?: InputMaybe<Scalars['Date']['input']>;
  /** Matched case-insensitively; only sources that know emails (Springest, Falkor) can match */
  holderEmail?: InputMaybe<Scalars['String']['input']>;
  /** A Resource ID */
  holderId?: InputMaybe<Scalars['ID']['input']>;
  /** Issued strictly after this date */
  issuedAfter?: InputMaybe<Scalars['Date']['input']>;
  /** Case-insensitive substring of the certificate, holder, certification or story name, or the holder email */
  search?: InputMaybe<Scalars['String']['input']>;
  sources?: InputMaybe<Array<Source>>;
  status?: InputMaybe<Array<CertificateStatus>>;
  /** A Story ID */
  storyId?: InputMaybe<Scalars['ID']['input']>;
};

export type CertificateOrder = {
  direction?: OrderDirection;
  field: CertificateOrderField;
};

export type CertificateOrderField =
  | 'EXPIRES_ON'
  | 'ISSUED_ON'
  | 'NAME';

export type CertificateStatus =
  | 'EXPIRED'
  /** Expires within EXPIRING_WITHIN_DAYS (default 30) days */
  | 'EXPIRING'
  /** A story certificate not yet delivered */
  | 'PENDING'
  | 'REVOKED'
  | 'VALID';

/** Ensinio: POST /public/api/v1/certificates */
export type EnsinioIssueInput = {
  conclusionDate: Scalars['Date']['input'];
  /** The course (group) id */
  groupId: Scalars['Int']['input'];
  userId: Scalars['Int']['input'];
};

/** 4HSE: POST /v2/certificate/create */
export type FourHseIssueInput = {
  actionType: ActionType;
  data?: InputMaybe<Scalars['JSON']['input']>;
  /** Omitted: the certificate does not expire */
  expiresOn?: InputMaybe<Scalars['Date']['input']>;
  issuedOn: Scalars['Date']['input'];
  name: Scalars['String']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  /** 4HSE resource uuid: a person for TRAINING, HEALTH, PER; equipment etc. for MAINTENANCE */
  resourceId: Scalars['String']['input'];
  /** 4HSE project (company) uuid, 4HSE's tenant_id: take it from the holder (Resource.tenantId) or from one of its certificates (Certificate.tenantId). 4HSE's Certificate API lists no projects (they come from its Project API, which the gateway does not read), so the gateway offers no list of them */
  tenantId: Scalars['String']['input'];
  validity?: InputMaybe<Scalars['Int']['input']>;
  validityUnit?: InputMaybe<ValidityUnit>;
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

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** What a certificate holder is (4HSE certifies equipment, substances … as well as people) */
export type ResourceType =
  | 'EQUIPMENT'
  | 'MATERIAL_ITEM'
  | 'OFFICE'
  | 'PERSON'
  | 'ROLE'
  | 'SUBSTANCE'
  | 'UNIT'
  | 'WORK_ENVIRONMENT'
  | 'WORK_GROUP';

/** The upstream system that holds an object */
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

/** Springest: POST /users/certificates as multipart/form-data with the PDF as a file part (at most 30 a minute) */
export type SpringestIssueInput = {
  certificationId: Scalars['Int']['input'];
  conversionId?: InputMaybe<Scalars['Int']['input']>;
  email: Scalars['String']['input'];
  /** The PDF, base64-encoded (the gateway decodes it and uploads the bytes as a file); at most 10 MiB decoded */
  fileBase64: Scalars['String']['input'];
  fileName?: InputMaybe<Scalars['String']['input']>;
  validFrom: Scalars['Date']['input'];
  /** Required by Springest when the certification's requires_valid_until is set */
  validUntil?: InputMaybe<Scalars['Date']['input']>;
};

export type StoryType =
  | 'ASSESSMENT'
  | 'SCORM'
  | 'STORY'
  | 'SURVEY';

/** 4HSE: the fields to change (PUT /v2/certificate/update/{id}); at least one */
export type UpdateCertificateInput = {
  actionType?: InputMaybe<ActionType>;
  data?: InputMaybe<Scalars['JSON']['input']>;
  expiresOn?: InputMaybe<Scalars['Date']['input']>;
  issuedOn?: InputMaybe<Scalars['Date']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  note?: InputMaybe<Scalars['String']['input']>;
  validity?: InputMaybe<Scalars['Int']['input']>;
  validityUnit?: InputMaybe<ValidityUnit>;
  warning?: InputMaybe<Scalars['Boolean']['input']>;
};

export type ValidityUnit =
  | 'DAY'
  | 'MONTH'
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