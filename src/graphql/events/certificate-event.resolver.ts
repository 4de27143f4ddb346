import { Repeater } from '@repeaterjs/repeater';
import { ArgumentValidationError, Args, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import { badInput } from '../../errors';
import type { GatewayContext } from '../../context';
import type { CertificateEvent as EventRecord } from '../../events/types';
import { EVENT_ID } from '../../events/types';
import type { IdDecoder } from '../../ids';
import { Certificate } from '../certificate/certificate.type';
import { validate } from 'class-validator';
import { CertificateEvent, CertificateEventFilter, CertificateEventsArgs } from './certificate-event.type';

/** Checks the filter (no subscription starts on a bad one) and turns it into a predicate. */
export function eventPredicate(filter: CertificateEventFilter | undefined, ids: IdDecoder): (e: EventRecord) => boolean {
  if (!filter) return () => true;
  const holder = filter.holderId ? ids.decode(filter.holderId, 'filter.holderId', 'Resource') : null;
  return (e) =>
    (!filter.sources || filter.sources.includes(e.source)) &&
    (!filter.types || filter.types.includes(e.type as never)) &&
    (!holder || (e.certificate?.holder.source === holder.source && e.certificate.holder.sourceId === holder.key[0])) &&
    (!filter.actionType || e.certificate?.actionType === filter.actionType);
}

/**
 * The bus's events that pass the filter, as an iterator whose return()
 * (a client completing or disconnecting) takes effect at once: it aborts the
 * bus subscription even while that waits for the next event, so a closed
 * subscription does not hold its memory until someone publishes again.
 */
function filtered(events: GatewayContext['events'], after: string | null, keep: (e: EventRecord) => boolean): Repeater<EventRecord> {
  return new Repeater<EventRecord>(async (push, stop) => {
    const ac = new AbortController();
    void stop.then(() => ac.abort());
    try {
      for await (const e of events.subscribe(after, ac.signal)) {
        if (ac.signal.aborted) break;
        // Waits until the client's side has taken the previous event: backpressure reaches the bus.
        if (keep(e)) await push(e);
      }
      stop();
    } catch (err) {
      stop(err);
    }
  });
}

@Resolver(() => CertificateEvent)
export class CertificateEventResolver {
  @Subscription(() => CertificateEvent, {
    description: 'Certificates created, updated, deleted, entering the expiry window or expiring, from every source; `after` replays what was missed',
    subscribe: async ({ args, context }) => {
      const { filter, after } = args as CertificateEventsArgs;
      // Validated here, once per subscription (the per-event resolve below skips it: it ran for every event and subscriber).
      const errors = await validate(
        Object.assign(new CertificateEventsArgs(), { after, filter: filter ? Object.assign(new CertificateEventFilter(), filter) : undefined }),
        { forbidUnknownValues: false },
      );
      if (errors.length > 0) throw new ArgumentValidationError(errors);
      if (after !== undefined && after !== null && !EVENT_ID.test(after)) throw badInput('after', 'after must be an eventId');
      const ctx = context as GatewayContext;
      const keep = eventPredicate(filter, ctx.ids);
      // An `after` older than the log fails here, as an error of this subscription, before any event.
      await ctx.events.check(after ?? null);
      return filtered(ctx.events, after ?? null, keep);
    },
  })
  certificateEvents(@Root() event: EventRecord, @Args({ validate: false }) _args: CertificateEventsArgs, @Ctx() ctx: GatewayContext): CertificateEvent {
    // Each event is resolved on its own: nothing loaded for the previous one is reused.
    ctx.refresh();
    return new CertificateEvent(event);
  }

  /** The certificate as the event carries it (a deleted one too); a 4HSE update that came without it is read now. */
  @FieldResolver(() => Certificate, {
    nullable: true,
    description: 'The certificate as it was when the event happened (a deleted one too); when the event came without it (a 4HSE update webhook), read now, and null when the source no longer has it',
  })
  async certificate(@Root() e: CertificateEvent, @Ctx() ctx: GatewayContext): Promise<Certificate | null> {
    const status = ctx.status;
    if (e.record.certificate) return new Certificate(e.record.certificate, status);
    const { source, key } = ctx.ids.decode(e.certificateId, 'certificateId', 'Certificate');
    const record = await ctx.loaders.get(source)?.certificateByKey.load(JSON.stringify(key));
    return record ? new Certificate(record, status) : null;
  }
}
