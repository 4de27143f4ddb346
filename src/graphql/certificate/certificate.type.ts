import { Field, ID, Float, Int, ObjectType } from 'type-graphql';
import type { CertificateRecord } from '../../domain';
import { encodeId } from '../../ids';
import { certificateStatus, type StatusContext } from '../../query';
import { ActionType, CertificateStatus, Source, ValidityUnit } from '../enums';
import { Node } from '../node/node.type';
import { Resource } from '../resource/resource.type';
import { DateScalar, JSONScalar } from '../scalars';

@ObjectType({ simpleResolvers: true, description: 'How long a 4HSE certificate stays valid after issue, e.g. 2 YEAR (informative: expiresOn is the date that counts)' })
export class Validity {
  @Field(() => ValidityUnit, { description: 'The unit of count' })
  unit: ValidityUnit;
  @Field(() => Int, { description: 'How many units, at least 1' })
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
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: 'A certificate held by a person (or, in 4HSE, equipment, a substance …) in one of the sources. Fields a source does not have are null',
})
export class Certificate implements Node {
  readonly typename = 'Certificate' as const;

  constructor(
    /** The domain record; not a GraphQL field. */
    readonly record: CertificateRecord,
    private readonly statusContext: StatusContext,
  ) {}

  @Field(() => ID, { description: 'Opaque, stable, global ID: pass it to certificate(id:), node(id:) and the mutations' })
  get id(): string {
    return certificateIdOf(this.record);
  }

  @Field(() => Source, { description: 'The source that holds the certificate (and accepts its writes, if any)' })
  get source(): Source {
    return this.record.source;
  }
  @Field({
    description:
      "The source's own identifier, for display and support: 4HSE certificate uuid, Springest and Ensinio certificate id; Falkor has none, so story ID/holder email/delivery timestamp. Use id to refer to the certificate in this API",
  })
  get sourceId(): string {
    return this.record.sourceId;
  }
  @Field(() => String, {
    nullable: true,
    description: "The certificate's title: 4HSE and Springest name, Ensinio alternative name or else course name, Falkor story name; null when the source sends none",
  })
  get name(): string | null {
    return this.record.name;
  }
  @Field(() => DateScalar, {
    nullable: true,
    description: "Issue date: 4HSE date_release, Springest valid_from, Ensinio conclusion date, Falkor delivery day; null when the source sends none or an invalid date",
  })
  get issuedOn(): string | null {
    return this.record.issuedOn;
  }
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Expiry date, the last day the certificate is valid (EXPIRED from the day after): 4HSE date_expire, Springest valid_until, Ensinio expiration date; null when the certificate does not expire (always for Falkor)',
  })
  get expiresOn(): string | null {
    return this.record.expiresOn;
  }
  @Field(() => CertificateStatus, { description: 'State today, computed by the gateway from expiresOn and the source (see CertificateStatus)' })
  get status(): CertificateStatus {
    return certificateStatus(this.record, this.statusContext) as CertificateStatus;
  }
  @Field(() => String, {
    nullable: true,
    description: "Link to the certificate document or page at the source (Springest url, Ensinio link, Falkor certificate url); null for 4HSE and when the source sends none",
  })
  get url(): string | null {
    return this.record.url;
  }
  @Field(() => String, { nullable: true, description: 'Free text: 4HSE note, Springest description; null for Ensinio and Falkor' })
  get note(): string | null {
    return this.record.note;
  }
  @Field(() => ActionType, { nullable: true, description: 'The kind of requirement the certificate proves; 4HSE only, null for the other sources' })
  get actionType(): ActionType | null {
    const a = this.record.actionType;
    return a && a in ActionType ? (a as ActionType) : null;
  }
  @Field(() => Validity, { nullable: true, description: "4HSE's validity period (validity and validity_unit); null for the other sources and when 4HSE has none" })
  get validity(): Validity | null {
    return this.record.validity as Validity | null;
  }
  @Field(() => Boolean, { nullable: true, description: '4HSE only: true when the certificate has an active warning in 4HSE; null for the other sources' })
  get warning(): boolean | null {
    return this.record.warning;
  }
  @Field(() => Float, { nullable: true, description: "Ensinio only: the holder's average grade in the course, on Ensinio's scale; null otherwise" })
  get grade(): number | null {
    return this.record.grade;
  }
  @Field(() => Float, { nullable: true, description: "Ensinio only: the course's workload in hours (1h30 is 1.5); null otherwise or when Ensinio's value cannot be read" })
  get workloadHours(): number | null {
    return this.record.workloadHours;
  }
  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "Source-specific extras, an object whose keys depend on the source: 4HSE its data object (content depends on actionType); Springest {status, createdAt, externalId}; Ensinio {hash, platformName, subscriptionDate}; Falkor {state, deliveredAt, telephone, country, city}",
  })
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
  @Field(() => Resource, { description: 'Who or what holds the certificate, as the certificate describes it (no extra upstream call)' })
  get holder(): Resource {
    return new Resource(this.record.holder);
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
