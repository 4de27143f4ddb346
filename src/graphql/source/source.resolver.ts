import { Ctx, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { capabilitiesOf, SourceStatus } from './source.type';

@Resolver(() => SourceStatus)
export class SourceResolver {
  @Query(() => [SourceStatus], { description: 'Every source: configured or not, and what the gateway last saw of it' })
  sources(@Ctx() ctx: GatewayContext): SourceStatus[] {
    // Health changes without a change event: an answer that shows it is never served from the response cache.
    ctx.uncacheable = 'source health';
    return ctx.registry.names.map((name) => {
      const h = ctx.connectors.get(name)?.health.snapshot();
      return {
        name,
        configured: !!h,
        healthy: h?.healthy ?? false,
        lastError: h?.lastError ?? null,
        lastErrorAt: h?.lastErrorAt ?? null,
        lastSuccessAt: h?.lastSuccessAt ?? null,
        capabilities: capabilitiesOf(ctx.registry.get(name)!),
      };
    });
  }
}
