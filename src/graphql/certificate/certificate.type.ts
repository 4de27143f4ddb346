import { Field, ID, Float, Int, ObjectType } from 'type-graphql';
import type { CertificateRecord } from '../../domain';
import { encodeId } from '../../ids';
import { certificateStatus, type StatusContext } from '../../query';
import { ActionType, CertificateStatus, Source, ValidityUnit } from '../enums';
import { Node } from '../node/node.type';
import { DateScalar, JSONScalar } from '../scalars';

@ObjectType({ simpleResolvers: true, description: 'How long a 4HSE certificate stays valid after issue, e.g. 2 YEAR (informative: expiresOn is the date that counts)' })
export class Validity {
  @Field(() => ValidityUnit, { description: 'The unit of count' })
  unit: ValidityUnit;
  @Field(() => Int, { description: 'How many units, at least 1' })
  count: number;
}

/** A certificate of any source. holder, certification and story have field resolvers (CertificateResolver). */
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: 'A certificate held by a person (or, in 4HSE, equipment, a substance …) in one of the sources. Fields a source does not have are null',
})
export class Certificate implements Node {
  readonly typename = 'Certificate' as const;
  /** The domain record; not a GraphQL field. */
  readonly record: CertificateRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID: pass it to certificate(id:), node(id:) and the mutations' })
  get id(): string {
    return encodeId('Certificate', this.record.source, this.record.key);
  }

  @Field(() => Source, { description: 'The source that holds the certificate (and accepts its writes, if any)' })
  source: Source;
  @Field({
    description:
      "The source's own identifier, for display and support: 4HSE certificate uuid, Springest and Ensinio certificate id; Falkor has none, so story ID/holder email/delivery timestamp. Use id to refer to the certificate in this API",
  })
  sourceId: string;
  @Field(() => String, {
    nullable: true,
    description: "The certificate's title: 4HSE and Springest name, Ensinio alternative name or else course name, Falkor story name; null when the source sends none",
  })
  name: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: "Issue date: 4HSE date_release, Springest valid_from, Ensinio conclusion date, Falkor delivery day; null when the source sends none or an invalid date",
  })
  issuedOn: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Expiry date, the last day the certificate is valid (EXPIRED from the day after): 4HSE date_expire, Springest valid_until, Ensinio expiration date; null when the certificate does not expire (always for Falkor)',
  })
  expiresOn: string | null;
  @Field(() => CertificateStatus, { description: 'State today, computed by the gateway from expiresOn and the source (see CertificateStatus)' })
  status: CertificateStatus;
  @Field(() => String, {
    nullable: true,
    description: "Link to the certificate document or page at the source (Springest url, Ensinio link, Falkor certificate url); null for 4HSE and when the source sends none",
  })
  url: string | null;
  @Field(() => String, { nullable: true, description: 'Free text: 4HSE note, Springest description; null for Ensinio and Falkor' })
  note: string | null;
  @Field(() => ActionType, { nullable: true, description: 'The kind of requirement the certificate proves; 4HSE only, null for the other sources' })
  actionType: ActionType | null;
  @Field(() => Validity, { nullable: true, description: "4HSE's validity period (validity and validity_unit); null for the other sources and when 4HSE has none" })
  validity: Validity | null;
  @Field(() => Boolean, { nullable: true, description: '4HSE only: true when the certificate has an active warning in 4HSE; null for the other sources' })
  warning: boolean | null;
  @Field(() => Float, { nullable: true, description: "Ensinio only: the holder's average grade in the course, on Ensinio's scale; null otherwise" })
  grade: number | null;
  @Field(() => Float, { nullable: true, description: "Ensinio only: the course's workload in hours (1h30 is 1.5); null otherwise or when Ensinio's value cannot be read" })
  workloadHours: number | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "Source-specific extras, an object whose keys depend on the source: 4HSE its data object (content depends on actionType); Springest {status, createdAt, externalId}; Ensinio {hash, platformName, subscriptionDate}; Falkor {state, deliveredAt, telephone, country, city}",
  })
  data: unknown;
  @Field(() => String, {
    nullable: true,
    description: "4HSE: the uuid of the project (company) the certificate belongs to (4HSE's tenant_id), the value issueCertificate's input.fourhse.tenantId takes; null for other sources",
  })
  tenantId: string | null;
  @Field(() => String, { nullable: true, description: "4HSE: the name of that project (4HSE's project_name), to label it in a form; null for other sources" })
  tenantName: string | null;

  constructor(record: CertificateRecord, status: StatusContext) {
    this.record = record;
    this.source = record.source;
    this.sourceId = record.sourceId;
    this.name = record.name;
    this.issuedOn = record.issuedOn;
    this.expiresOn = record.expiresOn;
    this.status = certificateStatus(record, status) as CertificateStatus;
    this.url = record.url;
    this.note = record.note;
    this.actionType = record.actionType && record.actionType in ActionType ? (record.actionType as ActionType) : null;
    this.validity = record.validity as Validity | null;
    this.warning = record.warning;
    this.grade = record.grade;
    this.workloadHours = record.workloadHours;
    this.data = record.data;
    this.tenantId = record.tenant?.id ?? null;
    this.tenantName = record.tenant?.name ?? null;
  }
}

@ObjectType({ simpleResolvers: true, description: 'One certificate of a page, with the cursor of its position' })
export class CertificateEdge {
  @Field({ description: 'Opaque position of this certificate in its list: pass it as `after` to page on after it, or as `before` to page back before it. Valid only with the same filter and orderBy' })
  cursor: string;
  @Field(() => Certificate, { description: 'The certificate' })
  node: Certificate;
}

@ObjectType({ simpleResolvers: true, description: 'Where a page of a certificate connection lies in its list (Relay cursor connections)' })
export class PageInfo {
  @Field({
    description:
      'True exactly when certificates (of the sources that answered) follow the last edge of this page (the end of the page, if empty), in either paging direction: ' +
      'computed from the cursor and the counts the sources sent with this page, at no extra upstream call. Page on with `first` and `after: endCursor`',
  })
  hasNextPage: boolean;
  @Field({
    description:
      'True exactly when certificates (of the sources that answered) come before the first edge of this page (the start of the page, if empty), in either paging direction: ' +
      'with first/after too (the Relay spec allows false there; the gateway knows it exactly at no extra cost). Page back with `last` and `before: startCursor`',
  })
  hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the first edge; on an empty page, the `before` it was asked with (else null)' })
  startCursor: string | null;
  @Field(() => String, { nullable: true, description: 'The cursor of the last edge; on an empty page, the `after` it was asked with (else null)' })
  endCursor: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A page of certificates of all sources in one global order' })
export class CertificateConnection {
  @Field(() => [CertificateEdge], { description: "The page's certificates with their cursors, in order" })
  edges: CertificateEdge[];
  @Field(() => [Certificate], { description: 'The same certificates as edges, without cursors (shorter to select)' })
  nodes: Certificate[];
  @Field(() => PageInfo, { description: 'Cursors of this page and whether more pages exist' })
  pageInfo: PageInfo;
  @Field(() => Int, {
    description: 'How many certificates match in all, over every page, counted over the sources that answered (a failing source is reported in errors and not counted)',
  })
  totalCount: number;
}
