import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { SlidingBuffer } from '@repeaterjs/repeater';
import type Redis from 'ioredis';
import type { Logger } from '../logger';
import type { LiveChannel } from './bus';
import type { CertificateEvent } from './types';

/** Topic name -> payload. The topic carries the Redis key prefix, so deployments sharing a Redis do not hear each other. */
export type Topics = Record<string, [CertificateEvent]>;

/**
 * How many live events wait for one slow subscriber before the oldest are
 * dropped; a dropped event shows as a seq gap and is re-read from the log,
 * so a slow client costs bounded memory and still loses nothing.
 */
export const PER_SUBSCRIBER_BUFFER = 256;

/** One process: an in-memory EventTarget. */
export function createMemoryPubSub(): PubSub<Topics> {
  return createPubSub<Topics>({ repeaterBuffer: new SlidingBuffer(LISTENER_BUFFER) });
}

/**
 * Events waiting for the process's one listener (it hands them to the
 * subscribers' queues at once, so this only fills if that loop stalls). Over
 * it the oldest are dropped, never thrown: a dropped event is a seq gap that
 * every subscriber fills from the log. Used by one listener per pub/sub.
 */
const LISTENER_BUFFER = 4096;

/**
 * Several replicas: Redis pub/sub through @graphql-yoga/redis-event-target,
 * on a second connection for SUBSCRIBE. That connection is ready before
 * anything subscribes on it (a SUBSCRIBE racing the connection's ready check
 * puts it in subscriber mode too early), carries no auto-pipelining or
 * command timeout (SUBSCRIBE waits for messages by design), and reports its
 * errors to the log instead of crashing on an unhandled 'error' event.
 */
export async function createRedisPubSub(redis: Redis, logger: Logger): Promise<{ pubSub: PubSub<Topics>; close(): Promise<void> }> {
  const subscribeClient = redis.duplicate({ enableAutoPipelining: false, commandTimeout: undefined, maxRetriesPerRequest: null, lazyConnect: true });
  subscribeClient.on('error', (err: Error) => logger.warn('redis subscriber connection failed', { error: err.message }));
  // Redis down at start: logged, and ioredis keeps reconnecting (subscriptions wait in its queue meanwhile).
  await subscribeClient.connect().catch((err: Error) => logger.warn('redis subscriber connection not ready at start', { error: err.message }));
  // The event target fires PUBLISH and forgets it: a failure (after the event is safely in the log, which
  // subscribers fill gaps from) is logged here instead of surfacing as an unhandled rejection.
  const publishClient = {
    publish: (channel: string, message: string) =>
      redis.publish(channel, message).catch((err: Error) => {
        logger.warn('redis publish failed; subscribers will read the event from the log', { error: err.message });
        return 0;
      }),
  } as unknown as Redis;
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  return {
    pubSub: createPubSub<Topics>({ eventTarget: eventTarget as never, repeaterBuffer: new SlidingBuffer(LISTENER_BUFFER) }),
    async close() {
      await subscribeClient.quit().catch(() => subscribeClient.disconnect());
    },
  };
}

/**
 * One subscriber's live events: a private queue of at most
 * PER_SUBSCRIBER_BUFFER (the oldest dropped beyond it), whose return() ends
 * a pending next() at once, so a closed subscription lets go of its memory
 * without waiting for another event.
 */
class SubscriberQueue implements AsyncIterableIterator<CertificateEvent> {
  private items: CertificateEvent[] = [];
  private waiter: ((r: IteratorResult<CertificateEvent>) => void) | null = null;
  private ended = false;
  constructor(private readonly onEnd: (q: SubscriberQueue) => void) {}

  push(e: CertificateEvent): void {
    if (this.ended) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: e, done: false });
      return;
    }
    this.items.push(e);
    if (this.items.length > PER_SUBSCRIBER_BUFFER) this.items.shift();
  }

  next(): Promise<IteratorResult<CertificateEvent>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  return(): Promise<IteratorResult<CertificateEvent>> {
    if (!this.ended) {
      this.ended = true;
      this.items = [];
      this.onEnd(this);
      this.waiter?.({ value: undefined, done: true });
      this.waiter = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * The live side of the event bus over a pub/sub: the process listens to the
 * topic once (one listener, one Redis subscription, whatever the number of
 * subscribers) and hands each event to every subscriber's own queue.
 */
export function liveChannelOf(pubSub: PubSub<Topics>, topic: string): LiveChannel {
  const queues = new Set<SubscriberQueue>();
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    const source = pubSub.subscribe(topic)[Symbol.asyncIterator]();
    // The first next() attaches the listener, synchronously: whoever subscribed before this returns hears every later event.
    let pending = source.next();
    void (async () => {
      try {
        for (;;) {
          const r = await pending;
          if (r.done) return;
          pending = source.next();
          for (const q of queues) q.push(r.value);
        }
      } finally {
        listening = false;
      }
    })();
  };
  return {
    publish: (e) => pubSub.publish(topic, e),
    subscribe: () => {
      const q = new SubscriberQueue((done) => queues.delete(done));
      queues.add(q);
      listen();
      return q;
    },
  };
}
