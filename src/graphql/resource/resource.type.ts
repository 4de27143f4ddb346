import { Field, ID, ObjectType } from 'type-graphql';
import type { ResourceRecord } from '../../domain';
import { encodeId } from '../../ids';
import { ResourceType, Source } from '../enums';
import { Node } from '../node/node.type';

/** A certificate holder: a person, or for 4HSE also equipment, a substance, an office … */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Resource implements Node {
  readonly typename = 'Resource' as const;
  readonly record: ResourceRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID' })
  get id(): string {
    return encodeId('Resource', this.record.source, [this.record.sourceId]);
  }

  @Field(() => Source)
  source: Source;
  @Field()
  sourceId: string;
  @Field(() => ResourceType, { nullable: true })
  type: ResourceType | null;
  @Field(() => String, { nullable: true })
  name: string | null;
  @Field(() => String, { nullable: true, description: 'Known for Springest and Falkor holders; 4HSE and Ensinio certificates do not carry it' })
  email: string | null;
  @Field(() => String, { nullable: true })
  photoUrl: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "4HSE: the uuid of the project (company) this holder belongs to, as its certificates give it (4HSE's tenant_id): pass it as issueCertificate's input.fourhse.tenantId to certify this resource; null for other sources",
  })
  tenantId: string | null;
  @Field(() => String, { nullable: true, description: "4HSE: the name of that project (4HSE's project_name); null for other sources" })
  tenantName: string | null;

  constructor(record: ResourceRecord) {
    this.record = record;
    this.source = record.source;
    this.sourceId = record.sourceId;
    this.type = record.type as ResourceType | null;
    this.name = record.name;
    this.email = record.email;
    this.photoUrl = record.photoUrl;
    this.tenantId = record.tenant?.id ?? null;
    this.tenantName = record.tenant?.name ?? null;
  }
}
