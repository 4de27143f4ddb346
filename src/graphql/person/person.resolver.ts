import type { GraphQLResolveInfo } from 'graphql';
import { IsEmail, MaxLength } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { CertificatesArgs } from '../certificate/certificate.inputs';
import { CertificateConnection } from '../certificate/certificate.type';
import { certificateConnection, reportSourceFailure, toCriteria } from '../certificate/connection';
import { Resource } from '../resource/resource.type';
import { Person } from './person.type';

@ArgsType()
class PersonArgs {
  @Field({ description: 'An email address, at most 320 characters; case and surrounding spaces do not matter' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;
}

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: 'One human across sources, matched by lower-cased email; null when no source knows the email' })
  async person(@Args() { email }: PersonArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Person | null> {
    const normalized = email.trim().toLowerCase();
    const found = await Promise.all(
      ctx.configured
        .filter((m) => m.capabilities.holderEmail)
        .map((m) =>
        ctx.loaders
          .get(m.name)!
          .resourceById.load(normalized)
          .catch((e: unknown) => {
            reportSourceFailure(ctx, info, e);
            return null;
          }),
      ),
    );
    const resources = found.filter((r) => r !== null).map((r) => new Resource(r));
    if (resources.length === 0) return null;
    return { email: normalized, name: resources.find((r) => r.name)?.name ?? null, resources };
  }

  @FieldResolver(() => CertificateConnection, { description: "This person's certificates in every source that knows the email" })
  certificates(@Root() p: Person, @Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    return certificateConnection(ctx, info, { ...toCriteria(args.filter, ctx.ids), holderEmail: p.email }, args);
  }
}
