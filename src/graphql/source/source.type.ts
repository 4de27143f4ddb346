import { Field, ObjectType } from 'type-graphql';
import { Source } from '../enums';
import { DateTimeScalar } from '../scalars';

@ObjectType({ simpleResolvers: true, description: 'One source as this gateway replica sees it' })
export class SourceStatus {
  @Field(() => Source, { description: 'The source' })
  name: Source;
  @Field({ description: 'True when the gateway has its base URL and credentials; an unconfigured source is never asked and lists nothing' })
  configured: boolean;
  @Field({ description: 'False since the last failed upstream call, until the next successful one (and always when not configured)' })
  healthy: boolean;
  @Field(() => String, { nullable: true, description: 'What the last failed call said; null when none failed since start' })
  lastError: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last call failed; null when none failed since start' })
  lastErrorAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last call succeeded; null when none has since start' })
  lastSuccessAt: string | null;
}
