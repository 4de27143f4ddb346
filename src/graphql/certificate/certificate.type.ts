import { Field, ID, Float, Int, ObjectType } from 'type-graphql';
import type { CertificateRecord } from '../../domain';
import { encodeId } from '../../ids';
import { certificateStatus, type StatusContext } from '../../query';
import { ActionType, CertificateStatus, Source, ValidityUnit } from '../enums';
import { Node } from '../node/node.type';
import { DateScalar, JSONScalar } from '../scalars';

@ObjectType({ simpleResolvers: true })
export class Validity {
  @Field(() => ValidityUnit)
  unit: ValidityUnit;
  @Field(() => Int)
  count: number;
}

/** A certificate of any source. holder, certification and story have field resolvers (CertificateResolver). */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Certificate implements Node {
  readonly typename = 'Certificate' as const;
  /** The domain record; not a GraphQL field. */
  readonly record: CertificateRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID' })
  get id(): string {
    return encodeId('Certificate', this.record.source, this.record.key);
  }

  @Field(() => Source)
  source: Source;
  @Field({ description: "The upstream's own identifier (for Falkor, which has none: story/email/timestamp)" })
  sourceId: string;
  @Field(() => String, { nullable: true })
  name: string | null;
  @Field(() => DateScalar, { nullable: true })
  issuedOn: string | null;
  @Field(() => DateScalar, { nullable: true })
  expiresOn: string | null;
  @Field(() => CertificateStatus)
  status: CertificateStatus;
  @Field(() => String, { nullable: true })
  url: string | null;
  @Field(() => String, { nullable: true })
  note: string | null;
  @Field(() => ActionType, { nullable: true, description: '4HSE only' })
  actionType: ActionType | null;
  @Field(() => Validity, { nullable: true })
  validity: Validity | null;
  @Field(() => Boolean, { nullable: true })
  warning: boolean | null;
  @Field(() => Float, { nullable: true, description: 'Ensinio: the average grade in the course' })
  grade: number | null;
  @Field(() => Float, { nullable: true, description: "Ensinio: the course's workload in hours" })
  workloadHours: number | null;
  @Field(() => JSONScalar, { nullable: true, description: "Source-specific extras (4HSE's data object; Ensinio hash …)" })
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

@ObjectType({ simpleResolvers: true })
export class CertificateEdge {
  @Field()
  cursor: string;
  @Field(() => Certificate)
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
  @Field(() => [CertificateEdge])
  edges: CertificateEdge[];
  @Field(() => [Certificate])
  nodes: Certificate[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
  @Field(() => Int, { description: 'Matching certificates of the sources that answered' })
  totalCount: number;
}
