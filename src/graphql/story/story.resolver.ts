import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { CertificatesArgs } from '../certificate/certificate.inputs';
import { CertificateConnection } from '../certificate/certificate.type';
import { certificateConnection, reportSourceFailure, toCriteria } from '../certificate/connection';
import { loadNode } from '../node/node.resolver';
import { Story } from './story.type';

@Resolver(() => Story)
export class StoryResolver {
  @Query(() => Story, { nullable: true, description: 'One Falkor story by its ID; null when Falkor is not configured or does not have it' })
  story(@Arg('id', () => ID, { description: 'A Story ID (Story.id)' }) id: string, @Ctx() ctx: GatewayContext): Promise<Story | null> {
    return loadNode(ctx, id, 'id', 'Story') as Promise<Story | null>;
  }

  @Query(() => [Story], { description: 'Stories that have certificates, of every source that has stories (Falkor)' })
  async stories(@Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Story[]> {
    const lists = await Promise.all(
      ctx.configured
        .filter((m) => m.capabilities.stories)
        .map(async (m) => {
          try {
            return (await ctx.loaders.get(m.name)?.listStories?.()) ?? [];
          } catch (e) {
            reportSourceFailure(ctx, info, e);
            return [];
          }
        }),
    );
    const all = lists.flat();
    // The number of stories prices `stories { certificates }` in the cost model.
    ctx.listSizes?.record('Query.stories', all.length);
    return all.map((s) => new Story(s));
  }

  @FieldResolver(() => CertificateConnection, { description: 'The certificates earned with this story (filter.storyId is replaced by this story)' })
  certificates(@Root() s: Story, @Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    return certificateConnection(ctx, info, { ...toCriteria(args.filter, ctx.ids), storyId: s.record.sourceId }, args);
  }
}
