import { Field, ID, Float, Int, ObjectType } from 'type-graphql';
import type { CertificateRecord } from '../../domain';
import { encodeId } from '../../ids';
import { certificateStatus, type StatusContext } from '../../query';
import { ActionType, CertificateStatus, Source, ValidityUnit } from '../enums';
import { Node } from '../node/node.type';
import { Resource } from '../resource/resource.type';
import { DateScalar, JSONScalar } from '../scalars';

@ObjectType({ simpleResolvers: true })
export class Validity {
  @Field(() => ValidityUnit)
  unit: ValidityUnit;
  @Field(() => Int)
  count: number;
}

/**
 * Global IDs of certificate records, encoded once per record: a record mapped
 * from an upstream answer is shared by every request that shared that answer
 * (in-flight sharing, connectors/shape.ts createBodyMemo), so a warm read
 * encodes each ID once, not once per request.
 */
const certificateIds = new WeakMap<CertificateRecord, string>();

/** The record's global ID (see certificateIds). */
export function certificateIdOf(record: CertificateRecord): string {
  let id = certificateIds.get(record);
  if (id === undefined) {
    id = encodeId('Certificate', record.source, record.key);
    certificateIds.set(record, id);
  }
  return id;
}

/**
 * A certificate of any source: a view over its domain record. Every field is a
 * getter on the prototype, so a certificate costs one small object per request
 * whatever it has, and graphql-js's default resolver reads it without
 * type-graphql's per-field resolver (`simpleResolvers`). `holder` is a field
 * here for the same reason; certification and story have field resolvers
 * (CertificateResolver).
 */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Certificate implements Node {
  readonly typename = 'Certificate' as const;

  constructor(
    /** The domain record; not a GraphQL field. */
    readonly record: CertificateRecord,
    private readonly statusContext: StatusContext,
  ) {}

  @Field(() => ID, { description: 'Opaque, stable, global ID' })
  get id(): string {
    return certificateIdOf(this.record);
  }

  @Field(() => Source)
  get source(): Source {
    return this.record.source;
  }
  @Field({ description: "The upstream's own identifier (for Falkor, which has none: story/email/timestamp)" })
  get sourceId(): string {
    return this.record.sourceId;
  }
  @Field(() => String, { nullable: true })
  get name(): string | null {
    return this.record.name;
  }
  @Field(() => DateScalar, { nullable: true })
  get issuedOn(): string | null {
    return this.record.issuedOn;
  }
  @Field(() => DateScalar, { nullable: true })
  get expiresOn(): string | null {
    return this.record.expiresOn;
  }
  @Field(() => CertificateStatus)
  get status(): CertificateStatus {
    return certificateStatus(this.record, this.statusContext) as CertificateStatus;
  }
  @Field(() => String, { nullable: true })
  get url(): string | null {
    return this.record.url;
  }
  @Field(() => String, { nullable: true })
  get note(): string | null {
    return this.record.note;
  }
  @Field(() => ActionType, { nullable: true, description: '4HSE only' })
  get actionType(): ActionType | null {
    const a = this.record.actionType;
    return a && a in ActionType ? (a as ActionType) : null;
  }
  @Field(() => Validity, { nullable: true })
  get validity(): Validity | null {
    return this.record.validity as Validity | null;
  }
  @Field(() => Boolean, { nullable: true })
  get warning(): boolean | null {
    return this.record.warning;
  }
  @Field(() => Float, { nullable: true, description: 'Ensinio: the average grade in the course' })
  get grade(): number | null {
    return this.record.grade;
  }
  @Field(() => Float, { nullable: true, description: "Ensinio: the course's workload in hours" })
  get workloadHours(): number | null {
    return this.record.workloadHours;
  }
  @Field(() => JSONScalar, { nullable: true, description: "Source-specific extras (4HSE's data object; Ensinio hash …)" })
  get data(): unknown {
    return this.record.data;
  }
  @Field(() => String, {
    nullable: true,
    description: "4HSE: the uuid of the project (company) the certificate belongs to (4HSE's tenant_id), the value issueCertificate's input.fourhse.tenantId takes; null for other sources",
  })
  get tenantId(): string | null {
    return this.record.tenant?.id ?? null;
  }
  @Field(() => String, { nullable: true, description: "4HSE: the name of that project (4HSE's project_name), to label it in a form; null for other sources" })
  get tenantName(): string | null {
    return this.record.tenant?.name ?? null;
  }

  /** The holder as the certificate describes it: no upstream call. */
  @Field(() => Resource)
  get holder(): Resource {
    return new Resource(this.record.holder);
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
