import { Args, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import { badInput } from '../../errors';
import type { GatewayContext } from '../../context';
import type { CertificateEvent as EventRecord } from '../../events/types';
import { EVENT_ID } from '../../events/types';
import { decodeId } from '../../ids';
import { Certificate } from '../certificate/certificate.type';
import { CertificateEvent, CertificateEventsArgs, type CertificateEventFilter } from './certificate-event.type';

/** Checks the filter (no subscription starts on a bad one) and turns it into a predicate. */
export function eventPredicate(filter: CertificateEventFilter | undefined): (e: EventRecord) => boolean {
  if (!filter) return () => true;
  const holder = filter.holderId ? decodeId(filter.holderId, 'filter.holderId', 'Resource') : null;
  return (e) =>
    (!filter.sources || filter.sources.includes(e.source as never)) &&
    (!filter.types || filter.types.includes(e.type as never)) &&
    (!holder || (e.certificate?.holder.source === holder.source && e.certificate.holder.sourceId === holder.key[0])) &&
    (!filter.actionType || e.certificate?.actionType === filter.actionType);
}

async function* filtered(source: AsyncGenerator<EventRecord>, keep: (e: EventRecord) => boolean): AsyncGenerator<EventRecord> {
  try {
    for await (const e of source) if (keep(e)) yield e;
  } finally {
    await source.return(undefined);
  }
}

@Resolver(() => CertificateEvent)
export class CertificateEventResolver {
  @Subscription(() => CertificateEvent, {
    description: 'Certificates created, updated, deleted, entering the expiry window or expiring, from every source; `after` replays what was missed',
    subscribe: async ({ args, context }) => {
      const { filter, after } = args as CertificateEventsArgs;
      if (after !== undefined && after !== null && !EVENT_ID.test(after)) throw badInput('after', 'after must be an eventId');
      const keep = eventPredicate(filter);
      const ctx = context as GatewayContext;
      // An `after` older than the log fails here, as an error of this subscription, before any event.
      await ctx.events.check(after ?? null);
      return filtered(ctx.events.subscribe(after ?? null), keep);
    },
  })
  certificateEvents(@Root() event: EventRecord, @Args() _args: CertificateEventsArgs, @Ctx() ctx: GatewayContext): CertificateEvent {
    // Each event is resolved on its own: nothing loaded for the previous one is reused.
    ctx.refresh();
    return new CertificateEvent(event);
  }

  /** The certificate as the event carries it (a deleted one too); a 4HSE update that came without it is read now. */
  @FieldResolver(() => Certificate, { nullable: true })
  async certificate(@Root() e: CertificateEvent, @Ctx() ctx: GatewayContext): Promise<Certificate | null> {
    const status = ctx.status;
    if (e.record.certificate) return new Certificate(e.record.certificate, status);
    const { source, key } = decodeId(e.certificateId, 'certificateId', 'Certificate');
    const record = await ctx.loaders.get(source)?.certificateByKey.load(JSON.stringify(key));
    return record ? new Certificate(record, status) : null;
  }
}
