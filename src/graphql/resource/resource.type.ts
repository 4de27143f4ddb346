import { Field, ID, ObjectType } from 'type-graphql';
import type { ResourceRecord } from '../../domain';
import { encodeId } from '../../ids';
import { ResourceType, Source } from '../enums';
import { Node } from '../node/node.type';

/** A certificate holder: a person, or for 4HSE also equipment, a substance, an office … A view over its record (getters, as Certificate). */
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A certificate holder in one source: a person, or for 4HSE also equipment, a substance, an office … The same person in two sources is two Resources (Person joins them by email)",
})
export class Resource implements Node {
  readonly typename = 'Resource' as const;

  constructor(readonly record: ResourceRecord) {}

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID: pass it to resource(id:), node(id:) and filter.holderId' })
  get id(): string {
    return encodeId('Resource', this.record.source, [this.record.sourceId]);
  }

  @Field(() => Source, { description: 'The source that knows this holder' })
  get source(): Source {
    return this.record.source;
  }
  @Field({
    description:
      "The source's own identifier: 4HSE resource uuid (FourHseIssueInput.resourceId), Ensinio user id (EnsinioIssueInput.userId), Springest and Falkor the lower-cased email",
  })
  get sourceId(): string {
    return this.record.sourceId;
  }
  @Field(() => ResourceType, { nullable: true, description: 'What the holder is; PERSON for Springest, Ensinio and Falkor; null when 4HSE sends no valid type' })
  get type(): ResourceType | null {
    return this.record.type as ResourceType | null;
  }
  @Field(() => String, { nullable: true, description: "Display name: 4HSE resource name, Ensinio member name, Falkor first and last name; null for Springest (it has no names) and when the source sends none" })
  get name(): string | null {
    return this.record.name;
  }
  @Field(() => String, { nullable: true, description: 'Email address: known for Springest and Falkor holders; null for 4HSE and Ensinio (their certificates do not carry it)' })
  get email(): string | null {
    return this.record.email;
  }
  @Field(() => String, { nullable: true, description: "URL of the holder's photo: Ensinio only (member photo); null otherwise" })
  get photoUrl(): string | null {
    return this.record.photoUrl;
  }
  @Field(() => String, {
    nullable: true,
    description:
      "4HSE: the uuid of the project (company) this holder belongs to, as its certificates give it (4HSE's tenant_id): pass it as issueCertificate's input.fourhse.tenantId to certify this resource; null for other sources",
  })
  get tenantId(): string | null {
    return this.record.tenant?.id ?? null;
  }
  @Field(() => String, { nullable: true, description: "4HSE: the name of that project (4HSE's project_name); null for other sources" })
  get tenantName(): string | null {
    return this.record.tenant?.name ?? null;
  }
}
