import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { eventually } from './eventually';

export const EVENTS_SUBSCRIPTION = `subscription Events($filter: CertificateEventFilter, $after: String) {
  certificateEvents(filter: $filter, after: $after) {
    eventId type source certificateId occurredAt changes { field old new }
    certificate { id name expiresOn holder { id name } }
  }
}`;

/** A real graphql-transport-ws client collecting what it receives. */
export interface Subscriber {
  events: any[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `n` events have arrived (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<any[]>;
  close(): Promise<void>;
  client: Client;
}

export function subscribe(httpUrl: string, variables: Record<string, unknown> = {}, connectionParams?: Record<string, unknown>, query = EVENTS_SUBSCRIPTION): Subscriber {
  const client = createClient({ url: httpUrl.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false,
    // A lost connection already reaches the subscription's error callback below; no console noise.
    onNonLazyError: () => undefined });
  const s: Subscriber = {
    events: [],
    errors: [],
    completed: false,
    client,
    async waitFor(n, ms = 5000) {
      const failed: { error: Error | null } = { error: null };
      await eventually(
        () => {
          if (s.errors.length > 0) failed.error = new Error(`subscription failed: ${JSON.stringify(s.errors)}`);
          else if (s.events.length < n) throw new Error(`got ${s.events.length} of ${n} events: ${JSON.stringify(s.events.map((e) => e.type))}`);
        },
        { timeoutMs: ms, what: `${n} subscription events` },
      );
      if (failed.error) throw failed.error;
      return s.events.slice(0, n);
    },
    async close() {
      await client.dispose();
    },
  };
  client.subscribe(
    { query, variables },
    {
      next: (r: any) => (r.errors ? s.errors.push(r.errors) : s.events.push(r.data.certificateEvents ?? r.data.complianceChanges)),
      error: (e) => s.errors.push(e),
      complete: () => (s.completed = true),
    },
  );
  return s;
}
