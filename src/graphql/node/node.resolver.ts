import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import type { NodeType } from '../../ids';
import { Certificate } from '../certificate/certificate.type';
import { Certification } from '../certification/certification.type';
import { Resource } from '../resource/resource.type';
import { Story } from '../story/story.type';
import { Node } from './node.type';

/** Fetches any node by its global ID; null when the source is not configured or no longer has it. */
export async function loadNode(ctx: GatewayContext, id: string, field: string, expected?: NodeType): Promise<Node | null> {
  const { type, source, key } = ctx.ids.decode(id, field, expected);
  const loaders = ctx.loaders.get(source);
  if (!loaders) return null;
  switch (type) {
    case 'Certificate': {
      const r = await loaders.certificateByKey.load(JSON.stringify(key));
      return r ? new Certificate(r, ctx.status) : null;
    }
    case 'Resource': {
      const r = await loaders.resourceById.load(key[0]);
      return r ? new Resource(r) : null;
    }
    case 'Certification': {
      const r = await loaders.certificationById?.load(key[0]);
      return r ? new Certification(r) : null;
    }
    case 'Story': {
      const r = await loaders.storyById?.load(key[0]);
      return r ? new Story(r) : null;
    }
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when its source is not configured or no longer has it' })
  node(@Arg('id', () => ID, { description: 'The id of a Certificate, Resource, Certification or Story' }) id: string, @Ctx() ctx: GatewayContext): Promise<Node | null> {
    return loadNode(ctx, id, 'id');
  }
}
