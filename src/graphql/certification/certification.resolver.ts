import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { CertificatesArgs } from '../certificate/certificate.inputs';
import { CertificateConnection } from '../certificate/certificate.type';
import { certificateConnection, reportSourceFailure, toCriteria } from '../certificate/connection';
import { Source } from '../enums';
import { loadNode } from '../node/node.resolver';
import { Certification } from './certification.type';

@Resolver(() => Certification)
export class CertificationResolver {
  @Query(() => Certification, { nullable: true, description: 'One certification or course by its ID; null when its source is not configured or does not have it' })
  certification(@Arg('id', () => ID, { description: 'A Certification ID (Certification.id)' }) id: string, @Ctx() ctx: GatewayContext): Promise<Certification | null> {
    return loadNode(ctx, id, 'id', 'Certification') as Promise<Certification | null>;
  }

  @Query(() => [Certification], {
    description: 'The Springest certifications (empty without SPRINGEST_CERTIFICATIONS_API_KEY) and the Ensinio courses that have certificates; a failing source is reported in errors and skipped',
  })
  async certifications(
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('sources', () => [Source], { nullable: true, description: 'Only these sources (omitted: every configured source that has certifications)' }) sources?: Source[],
  ): Promise<Certification[]> {
    const lists = await Promise.all(
      [...ctx.loaders]
        .filter(([name, l]) => l.listCertifications && (!sources || sources.includes(name)))
        .map(([, l]) =>
          l.listCertifications!().catch((e: unknown) => {
            reportSourceFailure(ctx, info, e);
            return [];
          }),
        ),
    );
    const all = lists.flat();
    // Served whole: the catalogue's size prices `certifications { certificates }` in the cost model.
    if (!sources) ctx.listSizes?.record('Query.certifications', all.length);
    return all.map((r) => new Certification(r));
  }

  @FieldResolver(() => CertificateConnection, { description: 'The certificates of this certification or course (filter.certificationId is replaced by this one)' })
  certificates(@Root() c: Certification, @Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    return certificateConnection(ctx, info, { ...toCriteria(args.filter, ctx.ids), certification: { source: c.record.source, sourceId: c.record.sourceId } }, args);
  }
}
