import { Field, ObjectType } from 'type-graphql';
import { Source } from '../enums';
import { DateTimeScalar } from '../scalars';

@ObjectType({ simpleResolvers: true })
export class SourceStatus {
  @Field(() => Source)
  name: Source;
  @Field()
  configured: boolean;
  @Field({ description: 'false since the last failed upstream call, until the next successful one' })
  healthy: boolean;
  @Field(() => String, { nullable: true })
  lastError: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  lastErrorAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true })
  lastSuccessAt: string | null;
}
