import { Field, ID, ObjectType } from 'type-graphql';
import type { CertificationRecord } from '../../domain';
import { encodeId } from '../../ids';
import { Source } from '../enums';
import { Node } from '../node/node.type';

/** What a certificate attests: a Springest certification, or an Ensinio course (group). */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Certification implements Node {
  readonly typename = 'Certification' as const;
  readonly record: CertificationRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID' })
  get id(): string {
    return encodeId('Certification', this.record.source, [this.record.sourceId]);
  }

  @Field(() => Source)
  source: Source;
  @Field()
  sourceId: string;
  @Field(() => String, { nullable: true })
  name: string | null;
  @Field(() => String, { nullable: true })
  description: string | null;

  constructor(record: CertificationRecord) {
    this.record = record;
    this.source = record.source;
    this.sourceId = record.sourceId;
    this.name = record.name;
    this.description = record.description;
  }
}
