import { Field, ID, ObjectType } from 'type-graphql';
import type { ResourceRecord } from '../../domain';
import { encodeId } from '../../ids';
import { ResourceType, Source } from '../enums';
import { Node } from '../node/node.type';

/** A certificate holder: a person, or for 4HSE also equipment, a substance, an office … */
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A certificate holder in one source: a person, or for 4HSE also equipment, a substance, an office … The same person in two sources is two Resources (Person joins them by email)",
})
export class Resource implements Node {
  readonly typename = 'Resource' as const;
  readonly record: ResourceRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID: pass it to resource(id:), node(id:) and filter.holderId' })
  get id(): string {
    return encodeId('Resource', this.record.source, [this.record.sourceId]);
  }

  @Field(() => Source, { description: 'The source that knows this holder' })
  source: Source;
  @Field({
    description:
      "The source's own identifier: 4HSE resource uuid (FourHseIssueInput.resourceId), Ensinio user id (EnsinioIssueInput.userId), Springest and Falkor the lower-cased email",
  })
  sourceId: string;
  @Field(() => ResourceType, { nullable: true, description: 'What the holder is; PERSON for Springest, Ensinio and Falkor; null when 4HSE sends no valid type' })
  type: ResourceType | null;
  @Field(() => String, { nullable: true, description: "Display name: 4HSE resource name, Ensinio member name, Falkor first and last name; null for Springest (it has no names) and when the source sends none" })
  name: string | null;
  @Field(() => String, { nullable: true, description: 'Email address: known for Springest and Falkor holders; null for 4HSE and Ensinio (their certificates do not carry it)' })
  email: string | null;
  @Field(() => String, { nullable: true, description: "URL of the holder's photo: Ensinio only (member photo); null otherwise" })
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
