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
  @Query(() => Certification, { nullable: true })
  certification(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Certification | null> {
    return loadNode(ctx, id, 'id', 'Certification') as Promise<Certification | null>;
  }

  @Query(() => [Certification], { description: 'Springest certifications and Ensinio courses; a failing source is reported and skipped' })
  async certifications(
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('sources', () => [Source], { nullable: true }) sources?: Source[],
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

  @FieldResolver(() => CertificateConnection)
  certificates(@Root() c: Certification, @Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    return certificateConnection(ctx, info, { ...toCriteria(args.filter, ctx.ids), certification: { source: c.record.source, sourceId: c.record.sourceId } }, args);
  }
}
