import { Field, ID, ObjectType } from 'type-graphql';
import type { CertificationRecord } from '../../domain';
import { encodeId } from '../../ids';
import { Source } from '../enums';
import { Node } from '../node/node.type';

/** What a certificate attests: a Springest certification, or an Ensinio course (group). */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'What a certificate attests: a Springest certification or an Ensinio course (group)' })
export class Certification implements Node {
  readonly typename = 'Certification' as const;
  readonly record: CertificationRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID: pass it to certification(id:), node(id:) and filter.certificationId' })
  get id(): string {
    return encodeId('Certification', this.record.source, [this.record.sourceId]);
  }

  @Field(() => Source, { description: 'SPRINGEST or ENSINIO' })
  source: Source;
  @Field({ description: "The source's own id: Springest certification id, Ensinio course (group) id (SpringestIssueInput.certificationId, EnsinioIssueInput.groupId)" })
  sourceId: string;
  @Field(() => String, {
    nullable: true,
    description: "The certification or course name; null for Springest without SPRINGEST_CERTIFICATIONS_API_KEY, or when the source sends none",
  })
  name: string | null;
  @Field(() => String, { nullable: true, description: "Springest's description of the certification; null for Ensinio and when Springest sends none" })
  description: string | null;

  constructor(record: CertificationRecord) {
    this.record = record;
    this.source = record.source;
    this.sourceId = record.sourceId;
    this.name = record.name;
    this.description = record.description;
  }
}
