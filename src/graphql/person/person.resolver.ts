import type { GraphQLResolveInfo } from 'graphql';
import { IsEmail, MaxLength } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import type { ResourceRecord } from '../../domain';
import { personCriteria } from '../../people/person-criteria';
import { CertificatesArgs } from '../certificate/certificate.inputs';
import { CertificateConnection } from '../certificate/certificate.type';
import { certificateConnection, reportSourceFailure, toCriteria } from '../certificate/connection';
import { Resource } from '../resource/resource.type';
import { Person, personOf } from './person.type';

@ArgsType()
class PersonArgs {
  @Field({ description: 'An email address, at most 320 characters; case and surrounding spaces do not matter' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;
}

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: 'One human across sources, matched by lower-cased email (and the people file); null when neither the people file nor any source knows the email' })
  async person(@Args() { email }: PersonArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Person | null> {
    const normalized = email.trim().toLowerCase();
    const entry = ctx.compliance.people().byEmailOf(normalized);
    // Listed in the people file: the person exists; their holders are looked up only if selected.
    if (entry) return personOf(entry);
    const resources = await lookUp(ctx, info, normalized, new Map());
    if (resources.length === 0) return null;
    return { email: normalized, name: resources.find((r) => r.name)?.name ?? null, employeeId: null, tags: [], holders: new Map(), found: resources };
  }

  @FieldResolver(() => [Resource], { description: 'The holder records of this person: in each source that knows the email, and the holders the people file links' })
  async resources(@Root() p: Person, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Resource[]> {
    return p.found ?? lookUp(ctx, info, p.email, p.holders);
  }

  @FieldResolver(() => CertificateConnection, { description: "This person's certificates in every source: by email where certificates carry one, by the linked holder (pushed upstream as the holder filter) where the people file links one" })
  certificates(@Root() p: Person, @Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    const base = toCriteria(args.filter, ctx.ids);
    if (p.holders.size === 0) return certificateConnection(ctx, info, { ...base, holderEmail: p.email }, args);
    return certificateConnection(ctx, info, { ...base, holderEmail: p.email }, args, personCriteria(p, base, ctx.configured));
  }
}

/** The holder records of an email (sources that carry emails) and of the linked holders, one lookup per source. */
async function lookUp(ctx: GatewayContext, info: GraphQLResolveInfo, email: string, holders: ReadonlyMap<string, string>): Promise<Resource[]> {
  const found = await Promise.all(
    ctx.configured
      .filter((m) => holders.has(m.name) || m.capabilities.holderEmail)
      .map((m) =>
        ctx.loaders
          .get(m.name)!
          .resourceById.load(holders.get(m.name) ?? email)
          .catch((e: unknown): ResourceRecord | null => {
            reportSourceFailure(ctx, info, e);
            return null;
          }),
      ),
  );
  return found.filter((r) => r !== null).map((r) => new Resource(r));
}
