import { Field, ObjectType } from 'type-graphql';
import type { SourceName } from '../../domain';
import type { PersonEntry } from '../../people/people-file';
import type { Resource } from '../resource/resource.type';

/** One human across sources: matched by lower-cased email, and by the holders the people file (PEOPLE_FILE) links. */
@ObjectType({
  simpleResolvers: true,
  description:
    'One human across sources: matched by lower-cased email in the sources that know people by email (Springest, Falkor), and through the holder ids the people file (PEOPLE_FILE) links in sources without emails',
})
export class Person {
  @Field({ description: 'The email, lower-cased and trimmed: the key of a person' })
  email: string;
  @Field(() => String, { nullable: true, description: 'The name in the people file, else the name given by the first source that has one (Falkor has names, Springest none); null when none does' })
  name: string | null;
  @Field(() => String, { nullable: true, description: 'The employee id in the people file, if any' })
  employeeId: string | null;
  @Field(() => [String], { description: 'Tags in the people file (team:…, site:…, role:…); empty for a person the file does not list' })
  tags: string[];
  /** The holder ids the people file links, by source (empty when the file does not list the person). */
  holders: ReadonlyMap<SourceName, string>;
  /** Holders already looked up (person(email) by email); otherwise the `resources` field looks them up. */
  found?: Resource[];
}

/** The Person of a people-file entry. */
export function personOf(entry: PersonEntry): Person {
  return { email: entry.email, name: entry.name, employeeId: entry.employeeId, tags: entry.tags, holders: entry.holders };
}
