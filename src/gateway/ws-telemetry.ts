/**
 * Telemetry of websocket operations (graphql-ws's execute and subscribe,
 * wrapped): each operation runs in a request scope of its own (a request id
 * in its log lines, its upstream calls counted), under a SERVER span named
 * after the operation that lasts as long as the subscription (when traced);
 * subscriptions count in the active-subscriptions gauge; one log line at info
 * when an operation ends.
 */
import { randomUUID } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { execute, getOperationAST, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { runInScope, type RequestScope } from '../request-scope';

type Result = AsyncIterable<ExecutionResult> | ExecutionResult;
type Outcome = 'ok' | 'error';

const isAsyncIterable = (v: unknown): v is AsyncIterable<ExecutionResult> => typeof v === 'object' && v !== null && Symbol.asyncIterator in v;

export interface WsOperations {
  execute(this: void, args: ExecutionArgs): Promise<Result>;
  subscribe(this: void, args: ExecutionArgs): Promise<Result>;
}

/** `clientOf` names the client of an operation from its context value (for the log line). */
/**
 * `subscribeFn` replaces graphql's subscribe (the shared fan-out, ws-fanout.ts): a stream it returns
 * may count its own deliveries (`delivered`), since it writes them to the socket itself.
 */
export function observedWsOperations(
  tracer: Tracer | null,
  metrics: Metrics,
  logger: Logger,
  clientOf: (contextValue: unknown) => string = () => 'websocket',
  subscribeFn: (args: ExecutionArgs) => Result | Promise<Result> = subscribe,
): WsOperations {
  const run =
    (fn: (args: ExecutionArgs) => Result | Promise<Result>) =>
    async (args: ExecutionArgs): Promise<Result> => {
      const op = getOperationAST(args.document, args.operationName);
      const type: string = op?.operation ?? 'unknown';
      const name = op?.name?.value ?? null;
      // The document validated (graphql-ws validates before executing): its name may become a label.
      const nameLabel = metrics.operationName(name);
      const scope: RequestScope = { requestId: randomUUID(), clientId: clientOf(args.contextValue), tracer, upstreamCalls: 0, operation: { name, type } };
      const span = tracer?.startSpan(name ?? type, {
        kind: SpanKind.SERVER,
        attributes: { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}), 'network.protocol.name': 'websocket' },
      });
      scope.span = span;
      const spanCtx = span ? trace.setSpan(context.active(), span) : null;
      const within = <T>(f: () => T): T => runInScope(scope, () => (spanCtx ? context.with(spanCtx, f) : f()));
      const started = performance.now();
      let events = 0;
      let counted: { delivered?: number } | null = null;
      let ended = false;
      const end = (outcome: Outcome) => {
        if (ended) return;
        ended = true;
        const seconds = (performance.now() - started) / 1000;
        metrics.graphqlRequests.inc({ operation: type, operation_name: nameLabel, outcome });
        if (type !== 'subscription') metrics.graphqlDuration.observe({ operation: type, operation_name: nameLabel }, seconds);
        span?.setAttribute('gateway.outcome', outcome);
        if (outcome === 'error') span?.setStatus({ code: SpanStatusCode.ERROR });
        span?.end();
        logger.info(type === 'subscription' ? 'graphql subscription ended' : 'graphql request', {
          request_id: scope.requestId,
          ...(span ? { trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId } : {}),
          operationName: name,
          operationType: type,
          outcome,
          ms: Math.round(seconds * 1000),
          upstreamCalls: scope.upstreamCalls,
          ...(type === 'subscription' ? { events: counted?.delivered ?? events } : {}),
          client: scope.clientId,
          transport: 'websocket',
        });
      };
      let result: Result;
      try {
        result = await within(() => fn(args));
      } catch (err) {
        end('error');
        throw err;
      }
      if (!isAsyncIterable(result)) {
        end(result.errors?.length ? 'error' : 'ok');
        return result;
      }
      const inner = result[Symbol.asyncIterator]();
      if (typeof (inner as { delivered?: unknown }).delivered === 'number') counted = inner as { delivered?: number };
      metrics.activeSubscriptions.inc();
      const finish = (outcome: Outcome) => {
        if (!ended) metrics.activeSubscriptions.dec();
        end(outcome);
      };
      // Each event is resolved inside the subscription's scope and span, so its upstream calls are its children.
      const wrapped: AsyncGenerator<ExecutionResult> = {
        [Symbol.asyncIterator]() {
          return wrapped;
        },
        async next() {
          try {
            const r = await within(() => inner.next());
            if (r.done) finish('ok');
            else events++;
            return r;
          } catch (err) {
            finish('error');
            throw err;
          }
        },
        async return(value?: unknown) {
          finish('ok');
          return (await inner.return?.(value)) ?? { done: true, value: undefined };
        },
        async throw(err?: unknown) {
          finish('error');
          if (inner.throw) return inner.throw(err);
          throw err;
        },
      };
      return wrapped;
    };
  return { execute: run(execute), subscribe: run(subscribeFn) };
}
