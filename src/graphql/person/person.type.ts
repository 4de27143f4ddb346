import { Field, ObjectType } from 'type-graphql';
import { Resource } from '../resource/resource.type';

/** One human across sources, matched by lower-cased email. */
@ObjectType({ simpleResolvers: true })
export class Person {
  @Field()
  email: string;
  @Field(() => String, { nullable: true })
  name: string | null;
  @Field(() => [Resource], { description: 'The holder records of this person in each source that knows the email' })
  resources: Resource[];
}
