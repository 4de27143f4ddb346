import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { CertificatesArgs } from '../certificate/certificate.inputs';
import { CertificateConnection } from '../certificate/certificate.type';
import { certificateConnection, toCriteria } from '../certificate/connection';
import { loadNode } from '../node/node.resolver';
import { Resource } from './resource.type';

@Resolver(() => Resource)
export class ResourceResolver {
  @Query(() => Resource, { nullable: true, description: 'One certificate holder by its ID; null when its source is not configured or does not know it' })
  resource(@Arg('id', () => ID, { description: 'A Resource ID (Resource.id)' }) id: string, @Ctx() ctx: GatewayContext): Promise<Resource | null> {
    return loadNode(ctx, id, 'id', 'Resource') as Promise<Resource | null>;
  }

  @FieldResolver(() => CertificateConnection, { description: "This holder's certificates (filter.holderId is replaced by this resource)" })
  certificates(@Root() r: Resource, @Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    return certificateConnection(ctx, info, { ...toCriteria(args.filter, ctx.ids), holder: { source: r.record.source, sourceId: r.record.sourceId } }, args);
  }
}
