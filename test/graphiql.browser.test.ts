import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { DEFAULT_QUERY } from '../src/http/graphiql';
import { createSeed } from '../src/sandbox';
import { writeSampleComplianceFiles } from '../src/sandbox/compliance-seed';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from './helpers/gateway';
import { eventually } from './helpers/eventually';
import { fourHseWebhookCertificate, postWebhook } from './helpers/webhooks';

/**
 * GraphiQL at /graphiql in a real headless Chromium: it must render from the
 * gateway's own files with no request leaving the origin, and run a query
 * against the sandbox.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const QUERY = '{ certificates(first: 3) { totalCount nodes { name source } } }';
const SUBSCRIPTION = 'subscription LiveCertificates { certificateEvents(filter: { sources: [FOURHSE] }) { type source certificate { name holder { name } } } }';
const SECRET = 'whsec-' + randomUUID();

let gw: TestGateway;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let origin: string;
const offOrigin: string[] = [];
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
const sockets: import('playwright-core').WebSocket[] = [];
/**
 * GraphiQL re-parses the editor 100 ms after the last keystroke (debounced) and picks the operation, and
 * whether it goes over HTTP or the websocket, from that parse; the same handler saves the query to
 * localStorage. Waiting for the save is waiting for the parse, however slow the machine.
 */
const parsed = (query: string) => page.waitForFunction((q) => localStorage.getItem('graphiql:query') === q, query, { timeout: 10_000 });
const responseText = () => page.evaluate<string>(() => (document.querySelector('.graphiql-response .CodeMirror') as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue() ?? '');

let complianceDir: string;

beforeAll(async () => {
  // The sandbox's own people and requirement files (as `npm run sandbox` writes them), so the default compliance query has rows.
  const today = new Date().toISOString().slice(0, 10);
  const files = writeSampleComplianceFiles(createSeed({ today }));
  complianceDir = dirname(files.peopleFile);
  gw = await startTestGateway({ sandbox: { today }, env: { FOURHSE_WEBHOOK_SECRET: SECRET, PEOPLE_FILE: files.peopleFile, REQUIREMENTS_FILE: files.requirementsFile } });
  origin = new URL(gw.url).origin;
  // The page must work offline: no host name resolves (so nothing can leave the machine), and every
  // request to anything but the gateway's origin is recorded. Blocking with context.route() would also
  // work, but request interception stops Chromium's favicon probe, hiding its 404 from the console check.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && new URL(url).origin !== origin) offOrigin.push(url);
  });
  page = await context.newPage();
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).host !== new URL(origin).host) offOrigin.push(ws.url());
    sockets.push(ws);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} at ${m.location().url}`);
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gw?.stop();
  if (complianceDir) rmSync(complianceDir, { recursive: true, force: true });
});

describe('GraphiQL in headless Chromium', () => {
  it('its default document is valid against the schema', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));
    expect(validate(schema, parse(DEFAULT_QUERY)).map((e) => e.message)).toEqual([]);
  });

  it('runs the default compliance query as it opens and shows rows', async () => {
    const res = await page.goto(`${gw.url}/graphiql`);
    expect(res?.status()).toBe(200);
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    // Untouched: the default document, with its compliance query.
    expect(await editor.evaluate((el) => (el as any).CodeMirror.getValue() as string)).toBe(DEFAULT_QUERY);
    const executed = page.waitForResponse((r) => r.url() === `${origin}/graphql` && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('"operationName":"Compliance"'));
    // Several operations: the run button asks which one.
    await page.getByRole('button', { name: /execute query/i }).click();
    await page.getByRole('menuitem', { name: 'Compliance', exact: true }).click();
    expect((await executed).status()).toBe(200);
    await page.waitForFunction(
      () => ((document.querySelector('.graphiql-response .CodeMirror') as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue() ?? '').includes('"totalCount"'),
      undefined,
      { timeout: 10_000 },
    );
    const shown = JSON.parse(await responseText()) as {
      data?: { compliance: { totalCount: number; nodes: { person: { email: string }; requirement: { set: string }; status: string }[] } };
      errors?: unknown;
    };
    expect(shown.errors).toBeUndefined();
    const rows = shown.data!.compliance.nodes;
    expect(rows.length).toBeGreaterThan(0);
    expect(shown.data!.compliance.totalCount).toBeGreaterThanOrEqual(rows.length);
    for (const r of rows) expect(['EXPIRED', 'MISSING', 'EXPIRING']).toContain(r.status);
    // On screen, not just in the model.
    const visible = await page.locator('.graphiql-response').innerText();
    expect(visible).toContain(rows[0].person.email);
    expect(visible).toMatch(/"status":\s*"(EXPIRED|MISSING|EXPIRING)"/);
    await page.screenshot({ path: '/tmp/graphiql-compliance.png' });
  });

  it('renders offline from the gateway and runs a query against the sandbox', async () => {
    const res = await page.goto(`${gw.url}/graphiql`);
    expect(res?.status()).toBe(200);

    // The query editor (CodeMirror) is GraphiQL's sign of life.
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    await expect(page.title()).resolves.toContain('GraphiQL');

    // Replace the default query the way a user does: select all, type.
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(QUERY);
    const inEditor = await editor.evaluate((el) => (el as any).CodeMirror.getValue() as string);
    expect(inEditor).toBe(QUERY);
    await parsed(QUERY);

    const executed = page.waitForResponse(
      (r) => r.url() === `${origin}/graphql` && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('certificates(first: 3)'),
    );
    await page.getByRole('button', { name: /execute query/i }).click();
    expect((await executed).status()).toBe(200);

    // The result pane shows the sandbox's data.
    const result = page.locator('.graphiql-response .CodeMirror');
    await page.waitForFunction(
      () => ((document.querySelector('.graphiql-response .CodeMirror') as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue() ?? '').includes('"totalCount"'),
      undefined,
      { timeout: 10_000 },
    );
    const text = await result.evaluate((el) => (el as any).CodeMirror.getValue() as string);
    const shown = JSON.parse(text) as { data?: { certificates: { totalCount: number; nodes: { name: string | null; source: string }[] } }; errors?: unknown };
    expect(shown.errors).toBeUndefined();
    expect(shown.data!.certificates.totalCount).toBeGreaterThan(100);
    expect(shown.data!.certificates.nodes).toHaveLength(3);
    for (const n of shown.data!.certificates.nodes) {
      expect(['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR']).toContain(n.source);
    }
    // … and what is on screen is that result, not just a model value.
    const visible = await page.locator('.graphiql-response').innerText();
    expect(visible).toMatch(/"totalCount":\s*\d+/);
    expect(visible).toMatch(/"(FOURHSE|SPRINGEST|ENSINIO|FALKOR)"/);

    await page.screenshot({ path: '/tmp/graphiql.png' });

    // Let late requests (the browser's favicon probe, schema refetches) and their console messages arrive.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);

    expect(offOrigin).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('runs a subscription over the websocket and shows an event a 4HSE webhook triggers', async () => {
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(SUBSCRIPTION);
    expect(await editor.evaluate((el) => (el as any).CodeMirror.getValue() as string)).toBe(SUBSCRIPTION);
    await parsed(SUBSCRIPTION);
    const before = sockets.length;
    await page.getByRole('button', { name: /execute query/i }).click();
    // GraphiQL opened a graphql-transport-ws socket to the gateway's own /graphql.
    await eventually(
      async () => {
        if (sockets.length === before) throw new Error(`no websocket opened: ${await responseText()} ${JSON.stringify(consoleErrors)} ${JSON.stringify(pageErrors)}`);
      },
      { timeoutMs: 10_000, intervalMs: 50, what: 'GraphiQL to open a websocket' },
    );
    const ws = sockets[sockets.length - 1];
    expect(ws.url()).toBe(`${origin.replace(/^http/, 'ws')}/graphql`);

    // 4HSE tells the gateway about a new certificate. The protocol does not say when a subscription is in
    // place on the server, so webhooks go on (each a new certificate) until GraphiQL shows one of them.
    const r = gw.sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
    const sent: string[] = [];
    let text = '';
    const shownName = () => sent.find((n) => text.includes(n));
    const refused: number[] = [];
    await eventually(
      async () => {
        text = await responseText();
        if (shownName()) return;
        const name = `Forklift operator ${randomUUID().slice(0, 8)}`;
        sent.push(name);
        const { status } = await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(gw.sandbox, { name }));
        if (status !== 200) return void refused.push(status); // stop: nothing would show
        throw new Error(`no event shown: ${text}`);
      },
      { timeoutMs: 15_000, intervalMs: 400, what: 'GraphiQL to show an event of a webhook' },
    );
    expect(refused).toEqual([]);
    const name = shownName()!;
    const shown = JSON.parse(text) as { data: { certificateEvents: { type: string; source: string; certificate: { name: string; holder: { name: string } } } } };
    expect(shown.data.certificateEvents).toEqual({ type: 'CREATED', source: 'FOURHSE', certificate: { name, holder: { name: r.resource_name } } });
    expect(await page.locator('.graphiql-response').innerText()).toContain(name);
    await page.screenshot({ path: '/tmp/graphiql-subscription.png' });
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
