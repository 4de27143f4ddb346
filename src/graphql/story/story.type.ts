import { Field, ID, ObjectType } from 'type-graphql';
import type { StoryRecord } from '../../domain';
import { encodeId } from '../../ids';
import { StoryType } from '../enums';
import { Node } from '../node/node.type';

/** A story (a Falkor learning unit) whose completion earns a certificate. */
@ObjectType({ implements: Node, simpleResolvers: true })
export class Story implements Node {
  readonly typename = 'Story' as const;
  readonly record: StoryRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID' })
  get id(): string {
    return encodeId('Story', this.record.source, [this.record.sourceId]);
  }

  @Field()
  sourceId: string;
  @Field(() => String, { nullable: true })
  name: string | null;
  @Field(() => StoryType, { nullable: true, description: 'Normalised from the mixed case Falkor sends' })
  type: StoryType | null;

  constructor(record: StoryRecord) {
    this.record = record;
    this.sourceId = record.sourceId;
    this.name = record.name;
    this.type = record.type as StoryType | null;
  }
}
