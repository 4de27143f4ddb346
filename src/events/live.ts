import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { SlidingBuffer } from '@repeaterjs/repeater';
import type Redis from 'ioredis';
import type { LiveChannel } from './bus';
import type { CertificateEvent } from './types';

/** Topic name -> payload. The topic carries the Redis key prefix, so deployments sharing a Redis do not hear each other. */
export type Topics = Record<string, [CertificateEvent]>;

/**
 * How many live events wait for one slow subscriber before the oldest are
 * dropped; a dropped event shows as a seq gap and is re-read from the log,
 * so a slow client costs bounded memory and still loses nothing.
 */
const PER_SUBSCRIBER_BUFFER = 256;

/** One process: an in-memory EventTarget. */
export function createMemoryPubSub(): PubSub<Topics> {
  return createPubSub<Topics>({ repeaterBuffer: new SlidingBuffer(PER_SUBSCRIBER_BUFFER) });
}

/** Several replicas: Redis pub/sub through @graphql-yoga/redis-event-target, on a second connection for SUBSCRIBE. */
export function createRedisPubSub(redis: Redis): { pubSub: PubSub<Topics>; close(): Promise<void> } {
  const subscribeClient = redis.duplicate();
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient: redis, subscribeClient });
  return {
    pubSub: createPubSub<Topics>({ eventTarget: eventTarget as never, repeaterBuffer: new SlidingBuffer(PER_SUBSCRIBER_BUFFER) }),
    async close() {
      await subscribeClient.quit().catch(() => subscribeClient.disconnect());
    },
  };
}

export function liveChannelOf(pubSub: PubSub<Topics>, topic: string): LiveChannel {
  return {
    publish: (e) => pubSub.publish(topic, e),
    subscribe: () => pubSub.subscribe(topic)[Symbol.asyncIterator]() as AsyncIterableIterator<CertificateEvent>,
  };
}
