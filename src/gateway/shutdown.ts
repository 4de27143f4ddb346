import type { Server } from 'node:http';
import type { Logger } from '../logger';
import type { DrainState } from './routes';

/** How long a stopping gateway waits for in-flight HTTP requests before cutting their connections. */
export const SHUTDOWN_GRACE_MS = 7_000;

/** How long a stopping gateway waits for a poll or expiry scan in progress. */
export const LIVE_STOP_MS = 3_000;

export interface ShutdownParts {
  server: Server;
  drain: DrainState;
  logger: Logger;
  /** Closes the websockets (1001) and disposes graphql-ws. */
  closeWebsockets(): Promise<void>;
  openWebsockets(): number;
  /** Stops the pollers and expiry scans and releases their leases (waited at most LIVE_STOP_MS). */
  stopLive(): Promise<void>;
  /** Once nothing runs any more: Apollo, then what the runtime opened (upstream sockets, Redis). */
  closeRest(): Promise<void>;
}

/** Resolves once `p` settles or `ms` pass, whichever is first (the timer never keeps the process alive). */
const atMost = (p: Promise<void>, ms: number) => Promise.race([p, new Promise<void>((r) => setTimeout(r, ms).unref())]);

/**
 * Graceful stop, idempotent: readiness turns 503, new HTTP requests are
 * refused (503), in-flight ones finish (up to SHUTDOWN_GRACE_MS), websockets
 * close with 1001, the pollers stop and release their leases, then Apollo and
 * Redis close.
 */
export function createShutdown(p: ShutdownParts): () => Promise<void> {
  let stopped: Promise<void> | null = null;
  async function stop(): Promise<void> {
    p.drain.stopping = true;
    p.logger.info('gateway stopping', { websockets: p.openWebsockets() });
    // No new connections; idle keep-alive ones close now, busy ones once their response is sent.
    const httpDrained = new Promise<void>((resolve) => p.server.close(() => resolve()));
    p.server.closeIdleConnections();
    const cut = setTimeout(() => {
      p.logger.warn('cutting requests still running after the shutdown grace period');
      p.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    cut.unref();
    // A poll stuck on a slow upstream is not waited for past LIVE_STOP_MS (its lease then lapses by itself).
    await Promise.all([p.closeWebsockets(), atMost(p.stopLive(), LIVE_STOP_MS), httpDrained]);
    clearTimeout(cut);
    await p.closeRest();
    p.logger.info('gateway stopped');
  }
  return () => (stopped ??= stop());
}
