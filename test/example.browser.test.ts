import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildExample, startExampleServer } from '../scripts/example';
import { CertificatesPageDocument, type CertificateFilter, type CertificatesPageQuery, type CertificatesPageQueryVariables } from '../examples/generated/graphql';
import { startTestGateway, type TestGateway } from './helpers/gateway';
import { eventually } from './helpers/eventually';

/**
 * The example frontend (examples/frontend, issue 10 item 8), built with esbuild as
 * `npm run example` builds it and served from its own origin, in a real headless Chromium
 * against the sandbox gateway: it lists the certificates expiring soonest, pages forward
 * and back, opens a person, and shows a live event of a sandbox change.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SECRET = 'whsec-' + randomUUID();
// What the page lists (examples/frontend/main.ts): still valid or expiring, soonest expiry first.
const FILTER: CertificateFilter = { status: ['EXPIRING', 'VALID'] };
const ORDER = { field: 'EXPIRES_ON', direction: 'ASC' } as const;

let out: string;
let app: { url: string; stop: () => Promise<void> };
let gw: TestGateway;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'example-'));
  await buildExample(out);
  app = await startExampleServer(out, 0);
  gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET, CORS_ORIGINS: app.url } });
  gw.sandbox.fourhse.setWebhookTarget({ baseUrl: gw.url, secret: SECRET });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  gw?.sandbox.fourhse.setWebhookTarget(null);
  await gw?.stop();
  await app?.stop();
  rmSync(out, { recursive: true, force: true });
});

/** A page as the gateway itself answers it (same typed document the frontend sends). */
async function certificatesPage(variables: CertificatesPageQueryVariables): Promise<CertificatesPageQuery['certificates']> {
  const r = await gw.query<CertificatesPageQuery>(print(CertificatesPageDocument), variables);
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.certificates;
}

/** The certificate ids of the rows on screen, once the list shows `expected` (rows render in one go). */
async function rowsShow(expected: string[]): Promise<void> {
  const shown = () => page.$$eval('#rows tr', (trs) => trs.map((tr) => tr.getAttribute('data-certificate-id')));
  await eventually(async () => expect(await shown()).toEqual(expected), { timeoutMs: 15_000, intervalMs: 100, what: 'the rows of the expected page' });
}

describe('the example frontend in headless Chromium, from another origin than the gateway', () => {
  let first: CertificatesPageQuery['certificates'];
  let second: CertificatesPageQuery['certificates'];

  it('lists the certificates expiring soonest across all sources', async () => {
    expect(new URL(app.url).origin).not.toBe(new URL(gw.url).origin);
    first = await certificatesPage({ first: 10, filter: FILTER, orderBy: ORDER });
    await page.goto(`${app.url}/?gateway=${encodeURIComponent(gw.url)}`);

    await rowsShow(first.edges.map((e) => e.node.id));
    expect(await page.textContent('#total')).toBe(`${first.totalCount} certificates, page 1`);
    const expiries = await page.$$eval('#rows tr td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(expiries).toEqual(first.edges.map((e) => e.node.expiresOn ?? 'never'));
    expect(await page.isDisabled('#prev')).toBe(true);
    expect(await page.isEnabled('#next')).toBe(true);
    expect(await page.textContent('#error')).toBe('');
  });

  it('pages forward, then back to the first page', async () => {
    second = await certificatesPage({ first: 10, filter: FILTER, orderBy: ORDER, after: first.pageInfo.endCursor });
    await page.click('#next');
    await rowsShow(second.edges.map((e) => e.node.id));
    expect(await page.textContent('#total')).toBe(`${first.totalCount} certificates, page 2`);
    expect(await page.isEnabled('#prev')).toBe(true);

    await page.click('#prev');
    await rowsShow(first.edges.map((e) => e.node.id));
    expect(await page.textContent('#total')).toBe(`${first.totalCount} certificates, page 1`);
    expect(await page.isDisabled('#prev')).toBe(true);
    expect(await page.textContent('#error')).toBe('');
  });

  it('opens a person: a holder with an email shows their certificates across sources', async () => {
    // From the first page again (a fresh load); the soonest-expiring holders with an email
    // (Springest, Falkor) may sit on a later page: go there.
    await page.goto(`${app.url}/?gateway=${encodeURIComponent(gw.url)}`);
    await rowsShow(first.edges.map((e) => e.node.id));
    let onScreen = first;
    let clicks = 0;
    while (!onScreen.edges.some((e) => e.node.holder.email) && onScreen.pageInfo.hasNextPage && clicks < 10) {
      onScreen = await certificatesPage({ first: 10, filter: FILTER, orderBy: ORDER, after: onScreen.pageInfo.endCursor });
      await page.click('#next');
      await rowsShow(onScreen.edges.map((e) => e.node.id));
      clicks++;
    }
    const row = onScreen.edges.find((e) => e.node.holder.email)?.node;
    expect(row).toBeDefined();

    await page.click(`#rows tr[data-certificate-id="${row!.id}"] button.holder`);
    await page.waitForSelector('#person-email', { timeout: 15_000 });
    expect(await page.textContent('#person-email')).toBe(row!.holder.email!.toLowerCase());
    const listed = await page.$$eval('#person-certificates li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.some((text) => text.startsWith(`${row!.name ?? '(no name)'} · ${row!.source}`))).toBe(true);
  }, 60_000);

  it('shows a live event from the certificateEvents subscription after a sandbox change', async () => {
    const change = `${gw.sandbox.fourhse.url}/__sandbox/change`;
    // graphql-ws does not acknowledge a subscribe: change 4HSE (it POSTs its webhook to the gateway) until one shows.
    await eventually(
      async () => {
        const r = await fetch(change, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'create' }) });
        expect(r.status).toBe(200);
        await gw.sandbox.fourhse.webhooksIdle();
        return (await page.$$('#events li')).length > 0;
      },
      { timeoutMs: 20_000, intervalMs: 300, what: 'the page to show a live event' },
    );
    const events = await page.$$eval('#events li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(events[events.length - 1]).toMatch(/^\d{2}:\d{2}:\d{2} CREATED FOURHSE: \S/);
    expect(pageErrors).toEqual([]);
  });
});
