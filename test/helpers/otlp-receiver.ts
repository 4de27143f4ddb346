import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as received, flattened: ids in hex, attributes as plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: number;
  /** The resource's attributes (service.name...). */
  resource: Record<string, string | number | boolean>;
}

export interface OtlpReceiver {
  /** e.g. http://127.0.0.1:43210 (give it as OTEL_EXPORTER_OTLP_ENDPOINT; spans arrive at /v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  /** Headers of every export request received. */
  exportHeaders: Record<string, string | string[] | undefined>[];
  /** Requests it could not decode (content type or body), which should stay empty. */
  rejected: string[];
  stop(): Promise<void>;
}

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: AnyValue };

const valueOf = (v: AnyValue): string | number | boolean =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue ?? JSON.stringify(v);

const attrs = (list: KeyValue[] | undefined): Record<string, string | number | boolean> => Object.fromEntries((list ?? []).map((a) => [a.key, valueOf(a.value)]));

/**
 * An OTLP/HTTP receiver on 127.0.0.1 (port 0), as a collector would be:
 * `POST /v1/traces` with the JSON encoding (what @opentelemetry/exporter-trace-otlp-http
 * sends), answered 200 `{}`. A real HTTP server: the gateway's exporter talks to it over sockets.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const exportHeaders: OtlpReceiver['exportHeaders'] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        rejected.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
        return;
      }
      if (!/^application\/json/i.test(req.headers['content-type'] ?? '')) {
        rejected.push(`content-type ${req.headers['content-type']}`);
        res.writeHead(415).end();
        return;
      }
      exportHeaders.push({ ...req.headers });
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: Record<string, unknown>[] }[] }[];
        };
        for (const rs of body.resourceSpans ?? []) {
          const resource = attrs(rs.resource?.attributes);
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                traceId: String(s.traceId),
                spanId: String(s.spanId),
                parentSpanId: typeof s.parentSpanId === 'string' ? s.parentSpanId : '',
                name: String(s.name),
                kind: Number(s.kind),
                attributes: attrs(s.attributes as KeyValue[]),
                status: Number((s.status as { code?: number } | undefined)?.code ?? 0),
                resource,
              });
        }
      } catch (err) {
        rejected.push(`body: ${(err as Error).message}`);
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    exportHeaders,
    rejected,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
