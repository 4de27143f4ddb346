import { Field, ObjectType } from 'type-graphql';
import { Resource } from '../resource/resource.type';

/** One human across sources, matched by lower-cased email. */
@ObjectType({ simpleResolvers: true, description: 'One human across the sources that know people by email (Springest, Falkor), matched by lower-cased email' })
export class Person {
  @Field({ description: 'The email, lower-cased and trimmed' })
  email: string;
  @Field(() => String, { nullable: true, description: 'The name given by the first source that has one (Falkor has names, Springest none); null when none does' })
  name: string | null;
  @Field(() => [Resource], { description: 'The holder records of this person in each source that knows the email' })
  resources: Resource[];
}
