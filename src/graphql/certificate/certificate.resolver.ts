import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { issueCertificate, revokeCertificate, updateCertificate } from '../../certificates/writes';
import { RevokeCertificatePayload } from './revoke.type';
import { IssueCertificateArgs, RevokeCertificateArgs, UpdateCertificateArgs } from './certificate.write-inputs';
import type { GatewayContext } from '../../context';
import { Certification } from '../certification/certification.type';
import { loadNode } from '../node/node.resolver';
import { Story } from '../story/story.type';
import { CertificatesArgs } from './certificate.inputs';
import { Certificate, CertificateConnection } from './certificate.type';
import { certificateConnection, toCriteria } from './connection';

@Resolver(() => Certificate)
export class CertificateResolver {
  @Query(() => Certificate, { nullable: true, description: "One certificate by its ID; null when its source is not configured or no longer has it (an ID of another type is BAD_USER_INPUT)" })
  certificate(@Arg('id', () => ID, { description: 'A Certificate ID (Certificate.id)' }) id: string, @Ctx() ctx: GatewayContext): Promise<Certificate | null> {
    return loadNode(ctx, id, 'id', 'Certificate') as Promise<Certificate | null>;
  }

  @Query(() => CertificateConnection, {
    description: 'Certificates of all configured sources in one global order, a page at a time; a failing source is reported in errors while the others are listed',
  })
  certificates(@Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    return certificateConnection(ctx, info, toCriteria(args.filter, ctx.ids), args);
  }

  /** Ensinio names the course on the certificate; Springest only references it, so its name comes from the (cached, batched) certifications. */
  @FieldResolver(() => Certification, { nullable: true, description: 'What the certificate attests: the Springest certification or the Ensinio course; null for 4HSE and Falkor' })
  certification(@Root() c: Certificate, @Ctx() ctx: GatewayContext): Certification | null | Promise<Certification | null> {
    const ref = c.record.certification;
    if (!ref) return null;
    // Synchronous when nothing is to be fetched: no promise per certificate for Ensinio and 4HSE.
    if (ref.name !== null) return new Certification(ref);
    const loader = ctx.loaders.get(ref.source)?.certificationById;
    if (!loader) return new Certification(ref);
    return loader.load(ref.sourceId).then((loaded) => new Certification(loaded ?? ref));
  }

  @FieldResolver(() => Story, { nullable: true, description: 'The Falkor story whose completion earned the certificate; null for the other sources' })
  story(@Root() c: Certificate): Story | null {
    return c.record.story ? new Story(c.record.story) : null;
  }

  @Mutation(() => Certificate, { description: 'Records a certificate in the source whose input branch is given (exactly one: input.fourhse, input.ensinio or input.springest)' })
  async issueCertificate(@Args() { input, idempotencyKey }: IssueCertificateArgs, @Ctx() ctx: GatewayContext): Promise<Certificate> {
    const record = await issueCertificate(ctx.writes, ctx.registry.names, { ...input }, idempotencyKey);
    return new Certificate(record, ctx.status);
  }

  @Mutation(() => Certificate, { description: '4HSE only: changes the fields given; null clears expiresOn, note, data and validity' })
  async updateCertificate(@Args() { id, input, idempotencyKey }: UpdateCertificateArgs, @Ctx() ctx: GatewayContext): Promise<Certificate> {
    const record = await updateCertificate(ctx.writes, ctx.ids.decode(id, 'id', 'Certificate'), { ...input }, idempotencyKey);
    return new Certificate(record, ctx.status);
  }

  @Mutation(() => RevokeCertificatePayload, { description: '4HSE: without force, only the list of what a forced delete would remove; Ensinio: revokes' })
  async revokeCertificate(@Args() { id, force, idempotencyKey }: RevokeCertificateArgs, @Ctx() ctx: GatewayContext): Promise<RevokeCertificatePayload> {
    const decoded = ctx.ids.decode(id, 'id', 'Certificate');
    const outcome = await revokeCertificate(ctx.writes, decoded, force, idempotencyKey);
    return { revoked: outcome.revoked, certificateId: id, source: decoded.source, wouldDelete: outcome.affected, message: outcome.message };
  }
}
