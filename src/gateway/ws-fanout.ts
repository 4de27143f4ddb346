/**
 * Shared fan-out of subscription events (issue 9): an event is executed once
 * per *group* of identical subscriptions, not once per subscriber, and the
 * `next` payload is serialized once and written to every socket of the group
 * as is.
 *
 * A group is what makes two subscriptions give the same answer for every
 * event: the operation (its document with the root field's `after` taken out,
 * and its operationName), its variables (`after`'s variable taken out) and the
 * caller's authorization scope. Filters are arguments, so subscribers whose
 * filters differ are in different groups and each gets exactly its own events.
 *
 * How it hooks into graphql-ws (6.x): through the documented `subscribe`
 * option of `useServer`, the one place where graphql-ws hands over execution
 * of a subscription. graphql-ws still owns the protocol (ids, `complete`,
 * errors, limits in `onSubscribe`, keep-alive, the subscription's lifetime);
 * what `subscribe` returns here is an iterable that yields nothing and ends
 * when the subscriber does (client `complete`, socket closed), while the
 * group writes the subscriber's `next` messages to its socket itself. That
 * is the least intrusive hook: `onNext` and `jsonMessageReplacer` run per
 * subscriber and cannot avoid the per-socket JSON.stringify, and replacing
 * the `subscribe` message handling would mean re-implementing the protocol.
 *
 * Each group reads the event bus through the subscription's own resolver
 * (graphql's createSourceEventStream on the group's arguments), so filtering,
 * validation, ordering and gap filling stay where they were: one bus
 * subscription per group, not per subscriber.
 *
 * A subscriber resuming with `after` replays from the log on its own stream
 * (its events executed for it alone), then joins its group's shared stream
 * with no gap and no duplicate: see `catchUp`.
 *
 * Sending never waits for a socket: a slow client's messages wait in its own
 * socket buffer, bounded by the slow-client guard (websocket.ts), so it never
 * slows the others. Sends go out in slices of FANOUT_SLICE_MS with a turn of
 * the event loop between them, so webhooks, pings and pongs are served during
 * a burst.
 */
import { randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { WebSocket } from 'ws';
import { canonicalJson } from '../canonical';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { runInScope, type RequestScope } from '../request-scope';

/**
 * Time spent sending before a turn of the event loop (ms): the budget, not a
 * count of sockets, bounds how long a webhook or a pong arriving during a
 * burst waits for the I/O phase, whatever the payload's size or the load.
 */
export const FANOUT_SLICE_MS = 2;
/** Sockets written between two reads of the clock. */
const CLOCK_EVERY = 16;

/**
 * Events of its group a resuming subscriber keeps while it still replays
 * from the log; past it, it lets them go and joins again later (the log has
 * them), so a long replay costs bounded memory.
 */
export const MAX_CATCHUP_BUFFER = 256;
/** The same bound in bytes of payloads (events may carry up to a webhook body each). */
export const MAX_CATCHUP_BUFFER_BYTES = 4 * 1024 * 1024;

/** Who a subscription is: its socket and id (to write its `next` messages) and its caller's scope. */
export interface Subscriber {
  socket: WebSocket;
  id: string;
  /** The caller's authorization scope (e.g. a digest of its API key): part of the group key. */
  scope: string;
  /** For the group's log lines and scope. */
  clientId: string;
  /** What the group's own context is made for (kept in memory, never logged). */
  authorization: string | undefined;
}

export interface FanoutOptions {
  /** The payload of a `next` message for a result (error masking, partial errors), as graphql-ws's onNext would give it. */
  payloadOf(result: ExecutionResult, contextValue: unknown): unknown;
  /** A context for a group, made once per group (its loaders are refreshed per event by the resolver), and for a resuming subscriber's replay. */
  contextFor(subscriber: Subscriber, args: ExecutionArgs): unknown;
  metrics: Metrics;
  logger: Logger;
  tracer: Tracer | null;
  /** Awaited between two slices of sends (and before an event is executed): default a turn of the event loop (setImmediate). */
  yieldToIo?: () => Promise<void>;
}

type Payload = Buffer;
/** Payloads above this are written as a fragment shared by every socket instead of a copy per socket. */
const SHARED_FRAME_BYTES = 16 * 1024;
const NEXT_END = Buffer.from('}');

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One subscriber of a group; what graphql-ws iterates (it yields nothing: the group writes to the socket). */
class Member implements AsyncGenerator<ExecutionResult> {
  /** `{"id":"<id>","type":"next","payload":` once, so a delivery is one concatenation. */
  readonly prefix: Buffer;
  /** Seq of the last event written to it (events at or below are not written again). */
  lastSeq = -Infinity;
  /** Writes come straight from the group; false while it catches up from the log. */
  live = false;
  /** In the group's member set (false while a catching-up subscriber has let the group go). */
  joined = false;
  /** While catching up: the group's last event when this joined (null: none yet), and the group's events since. */
  joinPos: number | null = null;
  buffer: { seq: number; payload: Payload }[] = [];
  bufferBytes = 0;
  delivered = 0;
  active = true;
  /** A resuming subscriber's own stream while it catches up (ended with it). */
  own: AsyncIterator<unknown> | null = null;
  private settle!: { resolve(r: IteratorResult<ExecutionResult>): void; reject(e: unknown): void };
  private readonly ended: Promise<IteratorResult<ExecutionResult>>;
  constructor(
    readonly who: Subscriber,
    private readonly onEnd: (m: Member) => void,
  ) {
    this.prefix = Buffer.from(`{"id":${JSON.stringify(who.id)},"type":"next","payload":`);
    this.ended = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // graphql-ws awaits it; a failure it has not awaited yet must not be an unhandled rejection.
    this.ended.catch(() => undefined);
  }

  /** Writes one event unless it has it already; false when the socket is gone. */
  write(seq: number, payload: Payload): boolean {
    if (!this.active || seq <= this.lastSeq) return true;
    const socket = this.who.socket;
    if (socket.readyState !== socket.OPEN) return false;
    this.lastSeq = seq;
    this.delivered++;
    if (payload.length <= SHARED_FRAME_BYTES) {
      // A text frame from a Buffer: no per-socket JSON.stringify, no string re-encoding; one copy of a small payload.
      socket.send(Buffer.concat([this.prefix, payload, NEXT_END]), { binary: false });
    } else {
      // A large payload is not copied per socket: the message goes as three fragments of one text message
      // (RFC 6455 §5.4), the middle one the group's own Buffer, shared by every socket's write queue.
      // Sent back to back, nothing can come between them.
      socket.send(this.prefix, { binary: false, fin: false });
      socket.send(payload, { binary: false, fin: false });
      socket.send(NEXT_END, { binary: false, fin: true });
    }
    return true;
  }

  end(err?: unknown): void {
    if (!this.active) return;
    this.active = false;
    this.buffer = [];
    // A stream waiting for its next live event ends now, not when someone publishes again.
    void this.own?.return?.();
    this.own = null;
    this.onEnd(this);
    if (err === undefined) this.settle.resolve({ done: true, value: undefined });
    else this.settle.reject(err);
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    return this.ended;
  }
  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    return { done: true, value: undefined };
  }
  async throw(err: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    throw err;
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    this.end();
  }
}

interface Group {
  key: string;
  args: ExecutionArgs;
  members: Set<Member>;
  /** Subscribers counting on the group (members and those catching up): it closes at 0. */
  refs: number;
  /** Seq of the last event the group took (its members then are the ones it is written to); null before the first. */
  lastSeq: number | null;
  ready: Promise<ExecutionResult | null>;
  stream: AsyncIterator<unknown> | null;
  scope: RequestScope;
  closed: boolean;
}

type Event = { seq: number };

/** The root field's `after` argument: its value for this subscriber, and the document and variables without it. */
function splitAfter(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined) {
  const op = getOperationAST(document, operationName);
  const root = op?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  const arg = root?.kind === Kind.FIELD ? root.arguments?.find((a) => a.name.value === 'after') : undefined;
  const vars = { ...(variables ?? {}) };
  if (!op || !root || !arg) return { after: null, document, variables: vars, private: false };
  let after: unknown = null;
  let varName: string | null = null;
  if (arg.value.kind === Kind.STRING) after = arg.value.value;
  else if (arg.value.kind === Kind.VARIABLE) {
    varName = arg.value.name.value;
    // Used anywhere else too: not split out (the rest of the document needs it); the subscriber gets a private group.
    if (variableUseCount(document, varName) > 1) return { after: null, document, variables: vars, private: vars[varName] != null };
    const def = op.variableDefinitions?.find((d) => d.variable.name.value === varName);
    after = vars[varName] ?? (def?.defaultValue?.kind === Kind.STRING ? def.defaultValue.value : null);
    delete vars[varName];
  }
  const without = visit(document, {
    Argument: (node) => (node === arg ? null : undefined),
    VariableDefinition: (node) => (varName !== null && node.variable.name.value === varName && op.variableDefinitions?.includes(node) ? null : undefined),
  });
  return { after: typeof after === 'string' ? after : null, document: without, variables: vars, private: false };
}

/** How many times `$name` is used as a value in the document (its definitions not counted). */
function variableUseCount(document: DocumentNode, name: string): number {
  let n = 0;
  visit(document, {
    VariableDefinition: () => false,
    Variable: (node) => {
      if (node.name.value === name) n++;
    },
  });
  return n;
}

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> => typeof v === 'object' && v !== null && Symbol.asyncIterator in v;

export interface Fanout {
  /** graphql-ws's `subscribe`: the subscriber's (empty) stream, or the result refusing it. */
  subscribe(args: ExecutionArgs, who: Subscriber): Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
  readonly groups: number;
}

export function createFanout(opts: FanoutOptions): Fanout {
  const { metrics } = opts;
  const yieldToIo = opts.yieldToIo ?? turn;
  const groups = new Map<string, Group>();
  let privateGroups = 0;

  const serialize = (result: ExecutionResult, contextValue: unknown): Payload => {
    const { errors, ...rest } = result;
    const payload = opts.payloadOf(result, contextValue) ?? { ...rest, ...(errors ? { errors: errors.map((e) => e.toJSON()) } : {}) };
    return Buffer.from(JSON.stringify(payload));
  };

  const run = async (args: ExecutionArgs, event: unknown): Promise<Payload> => {
    metrics.subscriptionExecutions.inc();
    const result = await execute({ ...args, rootValue: event });
    return serialize(result, args.contextValue);
  };

  const closeGroup = (g: Group) => {
    if (g.closed) return;
    g.closed = true;
    if (groups.get(g.key) === g) groups.delete(g.key);
    metrics.subscriptionGroups.dec();
    void g.stream?.return?.();
  };

  const release = (g: Group) => {
    g.refs--;
    if (g.refs <= 0 && g.stream) closeGroup(g);
  };

  /** Writes one event to the members it was taken for, FANOUT_SLICE_MS of sending per turn of the event loop. */
  const dispatch = async (g: Group, seq: number, payload: Payload, members: Member[]) => {
    let written = 0;
    let sliceStart = performance.now();
    for (let i = 0; i < members.length; i++) {
      if (i > 0 && i % CLOCK_EVERY === 0 && performance.now() - sliceStart >= FANOUT_SLICE_MS) {
        await yieldToIo();
        sliceStart = performance.now();
      }
      const m = members[i];
      if (!m.active) continue;
      if (!m.live) {
        // Still replaying from the log: kept for the hand-over (catchUp), within a bound.
        if (!m.joined) continue;
        m.buffer.push({ seq, payload });
        m.bufferBytes += payload.length;
        if (m.buffer.length > MAX_CATCHUP_BUFFER || m.bufferBytes > MAX_CATCHUP_BUFFER_BYTES) {
          m.buffer = [];
          m.bufferBytes = 0;
          m.joined = false;
          g.members.delete(m);
        }
        continue;
      }
      const before = m.delivered;
      m.write(seq, payload);
      written += m.delivered - before;
    }
    if (written > 0) metrics.subscriptionDeliveries.inc(written);
  };

  /** The group's loop: each event of its stream executed once, then written to every member, in order. */
  const pump = async (g: Group) => {
    try {
      const stream = g.stream!;
      for (;;) {
        const r = await stream.next();
        if (r.done || g.closed) break;
        const seq = (r.value as Event).seq;
        // Who gets this event is decided now: a subscriber joining from here on gets it from the group.
        g.lastSeq = seq;
        const members = [...g.members];
        await yieldToIo();
        const payload = await runInScope(g.scope, () => run(g.args, r.value));
        await dispatch(g, seq, payload, members);
      }
      for (const m of [...g.members]) m.end();
    } catch (err) {
      opts.logger.warn('subscription group failed', { error: err instanceof Error ? err.message : String(err) });
      for (const m of [...g.members]) m.end(err);
    } finally {
      closeGroup(g);
    }
  };

  const groupFor = (key: string, args: ExecutionArgs, who: Subscriber): Group => {
    const existing = groups.get(key);
    if (existing && !existing.closed) return existing;
    const scope: RequestScope = { requestId: randomUUID(), clientId: who.clientId, tracer: opts.tracer, upstreamCalls: 0 };
    const contextValue = opts.contextFor(who, args);
    const g: Group = { key, args: { ...args, contextValue }, members: new Set(), refs: 0, lastSeq: null, ready: Promise.resolve(null), stream: null, scope, closed: false };
    groups.set(key, g);
    metrics.subscriptionGroups.inc();
    g.ready = runInScope(scope, () => createSourceEventStream(g.args)).then(
      (s) => {
        if (!isAsyncIterable(s)) {
          closeGroup(g);
          return s;
        }
        g.stream = s[Symbol.asyncIterator]();
        void runInScope(scope, () => pump(g));
        if (g.refs <= 0) closeGroup(g);
        return null;
      },
      (err: unknown) => {
        closeGroup(g);
        throw err;
      },
    );
    return g;
  };

  /**
   * A resuming subscriber: its own stream (the log after `after`, then live)
   * is executed for it alone until it reaches what its group has taken. It
   * joins the group at once (so it cannot miss what the group takes from
   * then on: those wait in its buffer), and hands over at the first event of
   * its own stream that is past the group's position when it joined, or that
   * the group has already given it: its buffer then holds every later event,
   * and duplicates are skipped by seq.
   */
  const catchUp = async (g: Group, m: Member, own: AsyncIterator<unknown>, args: ExecutionArgs) => {
    try {
      for (;;) {
        const r = await own.next();
        if (!m.active) return;
        if (r.done) return m.end();
        const seq = (r.value as Event).seq;
        if (!m.joined) {
          m.joined = true;
          m.joinPos = g.lastSeq;
          m.buffer = [];
          m.bufferBytes = 0;
          g.members.add(m);
        }
        m.buffer = m.buffer.filter((b) => b.seq > m.lastSeq);
        if ((m.joinPos !== null && seq > m.joinPos) || (m.buffer.length > 0 && seq >= m.buffer[0].seq)) {
          m.live = true;
          m.own = null;
          const waiting = m.buffer;
          m.buffer = [];
          for (const b of waiting) m.write(b.seq, b.payload);
          metrics.subscriptionDeliveries.inc(waiting.length);
          return;
        }
        if (seq <= m.lastSeq) continue;
        const payload = await run(args, r.value);
        if (!m.active) return;
        m.write(seq, payload);
        metrics.subscriptionDeliveries.inc();
      }
    } catch (err) {
      m.end(err);
    } finally {
      void own.return?.();
    }
  };

  return {
    get groups() {
      return groups.size;
    },
    async subscribe(args, who) {
      const split = splitAfter(args.document, args.operationName, args.variableValues);
      // A private group (its `after` could not be split out: it replays in the group itself) is shared with no one.
      const key = canonicalJson([print(split.document), args.operationName ?? null, split.variables, who.scope, split.private ? `private:${++privateGroups}` : null]);
      let own: AsyncIterator<unknown> | null = null;
      // graphql-ws's context of a subscription is only a key (websocket.ts): a resuming subscriber's replay runs in one of its own.
      const ownArgs: ExecutionArgs = split.after !== null ? { ...args, contextValue: opts.contextFor(who, args) } : args;
      if (split.after !== null) {
        // Its own stream first: the resolver checks the arguments and that `after` is in the log.
        const s = await createSourceEventStream(ownArgs);
        if (!isAsyncIterable(s)) return s;
        own = s[Symbol.asyncIterator]();
      }
      const g = groupFor(key, { ...args, document: split.document, variableValues: split.variables }, who);
      g.refs++;
      let refused: ExecutionResult | null;
      try {
        refused = await g.ready;
      } catch (err) {
        release(g);
        void own?.return?.();
        throw err;
      }
      if (refused) {
        release(g);
        void own?.return?.();
        return refused;
      }
      const m = new Member(who, (done) => {
        g.members.delete(done);
        release(g);
      });
      if (g.closed) {
        // The group ended while this subscriber waited for it (its stream completed): so does this subscription.
        m.end();
        return m;
      }
      if (own) {
        m.own = own;
        void catchUp(g, m, own, ownArgs);
      }
      else {
        m.live = true;
        m.joined = true;
        g.members.add(m);
      }
      return m;
    },
  };
}
