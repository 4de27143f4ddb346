import { Field, ID, ObjectType } from 'type-graphql';
import type { StoryRecord } from '../../domain';
import { encodeId } from '../../ids';
import { StoryType } from '../enums';
import { Node } from '../node/node.type';

/** A story (a Falkor learning unit) whose completion earns a certificate. */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A Falkor story (a learning unit, assessment, survey or SCORM package) whose completion earns a certificate' })
export class Story implements Node {
  readonly typename = 'Story' as const;
  readonly record: StoryRecord;

  /** Computed only when selected: most queries never ask for it. */
  @Field(() => ID, { description: 'Opaque, stable, global ID: pass it to story(id:), node(id:) and filter.storyId' })
  get id(): string {
    return encodeId('Story', this.record.source, [this.record.sourceId]);
  }

  @Field({ description: "Falkor's story ID" })
  sourceId: string;
  @Field(() => String, { nullable: true, description: 'The story name (also the name of its certificates); null when Falkor sends none' })
  name: string | null;
  @Field(() => StoryType, { nullable: true, description: 'The kind of story, normalised from the mixed case Falkor sends; null for a kind not in StoryType' })
  type: StoryType | null;

  constructor(record: StoryRecord) {
    this.record = record;
    this.sourceId = record.sourceId;
    this.name = record.name;
    this.type = record.type as StoryType | null;
  }
}
