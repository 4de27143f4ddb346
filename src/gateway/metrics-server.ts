/**
 * METRICS_PORT: /metrics on a listener of its own (on HOST), so the public
 * port does not expose it. Anything else there answers 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { sendJson } from '../http/json';
import { serveMetrics } from './routes';

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464 (the bound address). */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(metrics: Metrics, port: number, host: string, logger: Logger): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics') return sendJson(res, 404, { error: `no route ${path}; this listener serves /metrics only` });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET /metrics' }, { allow: 'GET, HEAD' });
    serveMetrics(metrics, res).catch((err: unknown) => {
      logger.error('metrics scrape failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) sendJson(res, 500, { error: 'metrics failed' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${addr.port}`;
  logger.info('metrics listening', { url: `${url}/metrics` });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
