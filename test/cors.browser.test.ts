import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from './helpers/gateway';
import { eventually } from './helpers/eventually';
import { fourHseWebhookCertificate, postWebhook } from './helpers/webhooks';

/**
 * CORS in a real headless Chromium (issue 10 item 1): a page served from a
 * second origin (its own node:http server on another port) queries, mutates
 * and subscribes to the gateway. With its origin in CORS_ORIGINS all three
 * work; with it not allowed, fetch fails (the preflight is refused) and the
 * websocket upgrade is refused.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SECRET = 'whsec-' + randomUUID();
const ISSUE = 'mutation Issue($input: IssueCertificateInput!) { issueCertificate(input: $input) { id source issuedOn } }';

/** The app: plain fetch and a raw graphql-transport-ws websocket, reporting into window.results. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>cors app</title><link rel="icon" href="data:,"></head><body>
<script>
window.results = { events: [], ws: [] };
window.post = async (url, body) => {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, requestId: res.headers.get('x-request-id'), body: await res.json() };
  } catch (e) {
    return { error: e.name + ': ' + e.message };
  }
};
window.subscribe = (url) =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init' }));
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      results.ws.push(msg.type);
      if (msg.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { certificateEvents { eventId type } }' } }));
        resolve('subscribed');
      } else if (msg.type === 'next') results.events.push(msg.payload.data ? msg.payload.data.certificateEvents : msg.payload);
    };
    ws.onerror = () => results.ws.push('error');
    ws.onclose = (e) => {
      results.ws.push('close:' + e.code);
      resolve('closed:' + e.code);
    };
  });
</script>
<p>cors app</p>
</body></html>`;

let browser: Browser;
let app: Server;
let appOrigin: string;

beforeAll(async () => {
  app = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  // No host name resolves: nothing leaves the machine.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.close(resolve));
});

async function openApp(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${appOrigin}/`);
  return page;
}

const ensinioInput = (gw: TestGateway) => ({ ensinio: { groupId: gw.sandbox.seed.ensinio.groups[0].id, userId: gw.sandbox.seed.ensinio.users[0].id, conclusionDate: '2026-11-04' } });

describe('a page on an allowed second origin', () => {
  let gw: TestGateway;
  let page: Page;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET, CORS_ORIGINS: `https://elsewhere.example.test ${appOrigin}` } });
    page = await openApp();
  }, 30_000);
  afterAll(async () => {
    await page?.context().close();
    await gw?.stop();
  });

  it('queries and reads x-request-id', async () => {
    const r = await page.evaluate(([url, q]) => (window as any).post(url, { query: q }), [`${gw.url}/graphql`, '{ sources { name } }']);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.body.data.sources.map((s: { name: string }) => s.name)).toEqual(['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR']);
    expect(r.requestId).toMatch(/\S+/);
  });

  it('mutates: issueCertificate on Ensinio', async () => {
    const r = await page.evaluate(([url, query, input]) => (window as any).post(url, { query, variables: { input } }), [`${gw.url}/graphql`, ISSUE, ensinioInput(gw)] as const);
    expect(r.error).toBeUndefined();
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.issueCertificate).toMatchObject({ source: 'ENSINIO', issuedOn: '2026-11-04' });
  });

  it('subscribes over the websocket and receives an event of a webhook', async () => {
    const wsUrl = gw.url.replace(/^http/, 'ws') + '/graphql';
    expect(await page.evaluate((url) => (window as any).subscribe(url), wsUrl)).toBe('subscribed');
    // graphql-ws does not acknowledge a subscribe: post webhooks until one arrives.
    await eventually(
      async () => {
        const { status } = await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(gw.sandbox, { name: 'Seen by the app' }));
        expect(status).toBe(200);
        return (await page.evaluate(() => (window as any).results.events.length)) > 0;
      },
      { timeoutMs: 15_000, intervalMs: 300, what: 'the page to receive a subscription event' },
    );
    const events = await page.evaluate(() => (window as any).results.events);
    expect(events[0]).toMatchObject({ type: 'CREATED', eventId: expect.any(String) });
  });
});

describe('a page on an origin not allowed', () => {
  let gw: TestGateway;
  let page: Page;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET, CORS_ORIGINS: 'https://elsewhere.example.test' } });
    page = await openApp();
  }, 30_000);
  afterAll(async () => {
    await page?.context().close();
    await gw?.stop();
  });

  it('cannot query: fetch fails with a TypeError', async () => {
    const r = await page.evaluate(([url, q]) => (window as any).post(url, { query: q }), [`${gw.url}/graphql`, '{ sources { name } }']);
    expect(r.error).toMatch(/^TypeError: /);
  });

  it('cannot mutate: the preflight is refused, so the mutation never reaches the gateway or the upstream', async () => {
    gw.resetUpstreamCalls();
    const before = gw.logs.filter((l) => l.includes('"graphql request"')).length;
    const r = await page.evaluate(([url, query, input]) => (window as any).post(url, { query, variables: { input } }), [`${gw.url}/graphql`, ISSUE, ensinioInput(gw)] as const);
    expect(r.error).toMatch(/^TypeError: /);
    expect(gw.upstreamCalls().ENSINIO).toBe(0);
    expect(gw.logs.filter((l) => l.includes('"graphql request"')).length).toBe(before);
  });

  it('cannot subscribe: the websocket upgrade is refused', async () => {
    const wsUrl = gw.url.replace(/^http/, 'ws') + '/graphql';
    const outcome = await page.evaluate((url) => (window as any).subscribe(url), wsUrl);
    expect(outcome).toBe('closed:1006');
    expect(await page.evaluate(() => (window as any).results.ws)).toEqual(['error', 'close:1006']);
    expect(await (await fetch(`${gw.url}/metrics`)).text()).toMatch(/^gateway_ws_origin_refusals_total 1$/m);
  });
});
