/**
 * The example frontend: certificates expiring soonest across all sources, paged both ways,
 * a person's view when a holder is clicked, and live events from the certificateEvents
 * subscription. urql (@urql/core) sends queries over HTTP and the subscription over
 * graphql-ws; every document and result type comes from `npm run codegen`
 * (examples/generated), so a field renamed in the schema breaks `npm run typecheck` here.
 *
 * The gateway is given as `?gateway=http://host:port` (default http://127.0.0.1:4000); the
 * page's own origin must be in the gateway's CORS_ORIGINS.
 */
import { Client, cacheExchange, fetchExchange, subscriptionExchange, type CombinedError } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import {
  CertificateEventsDocument,
  CertificatesPageBackwardDocument,
  CertificatesPageDocument,
  PersonByEmailDocument,
  ResourceWithCertificatesDocument,
  type CertificateEventsSubscription,
  type CertificateFilter,
  type CertificateOrder,
  type CertificatesPageQuery,
} from '../generated/graphql';

type Page = CertificatesPageQuery['certificates'];
type Row = Page['edges'][number]['node'];
type LiveEvent = CertificateEventsSubscription['certificateEvents'];

const PAGE_SIZE = 10;
/** Expiring soonest: what is still valid (or about to lapse), earliest expiry first, never-expiring last. */
const FILTER: CertificateFilter = { status: ['EXPIRING', 'VALID'] };
const ORDER: CertificateOrder = { field: 'EXPIRES_ON', direction: 'ASC' };
const gatewayUrl = (new URLSearchParams(location.search).get('gateway') ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');

const ws = createWsClient({ url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql` });
const client = new Client({
  url: `${gatewayUrl}/graphql`,
  exchanges: [
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
      }),
    }),
  ],
});

/** What the list shows: the last page fetched and where it sits. */
const state: { page: Page | null; number: number; load: () => Promise<void> } = { page: null, number: 1, load: () => loadForward(null) };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A new element with text and attributes; children appended in order. */
function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const count = (n: number) => `${n} certificate${n === 1 ? '' : 's'}`;

function showError(where: string, error: CombinedError | Error): void {
  $('error').textContent = `${where}: ${error.message}`;
}

async function loadForward(after: string | null): Promise<void> {
  const r = await client.query(CertificatesPageDocument, { first: PAGE_SIZE, after, filter: FILTER, orderBy: ORDER }, { requestPolicy: 'network-only' }).toPromise();
  if (r.error || !r.data) return showError('Loading certificates', r.error ?? new Error('no data'));
  renderPage(r.data.certificates);
}

async function loadBackward(before: string): Promise<void> {
  const r = await client.query(CertificatesPageBackwardDocument, { last: PAGE_SIZE, before, filter: FILTER, orderBy: ORDER }, { requestPolicy: 'network-only' }).toPromise();
  if (r.error || !r.data) return showError('Loading certificates', r.error ?? new Error('no data'));
  renderPage(r.data.certificates);
}

function renderPage(page: Page): void {
  state.page = page;
  $('error').textContent = '';
  $('total').textContent = `${count(page.totalCount)}, page ${state.number}`;
  $<HTMLTableSectionElement>('rows').replaceChildren(...page.edges.map(({ node }) => renderRow(node)));
  $<HTMLButtonElement>('prev').disabled = !page.pageInfo.hasPreviousPage;
  $<HTMLButtonElement>('next').disabled = !page.pageInfo.hasNextPage;
}

function renderRow(c: Row): HTMLElement {
  const holder = el('button', { class: 'holder', 'data-holder-id': c.holder.id }, c.holder.name ?? c.holder.email ?? c.holder.id);
  holder.addEventListener('click', () => void showHolder(c.holder));
  return el(
    'tr',
    { 'data-certificate-id': c.id },
    el('td', {}, c.expiresOn ?? 'never'),
    el('td', { class: `status ${c.status}` }, c.status),
    el('td', { class: 'name' }, c.name ?? '(no name)', c.certification?.name && c.certification.name !== c.name ? ` · ${c.certification.name}` : '', c.story?.name ? ` · ${c.story.name}` : ''),
    el('td', {}, c.source),
    el('td', {}, holder),
  );
}

/** A holder with an email is a person across sources (person(email)); without one, the source's resource. */
async function showHolder(holder: Row['holder']): Promise<void> {
  const panel = $('person');
  panel.replaceChildren(el('p', {}, 'Loading…'));
  if (holder.email) {
    const r = await client.query(PersonByEmailDocument, { email: holder.email, first: 50 }).toPromise();
    if (r.error) return showError('Loading the person', r.error);
    const p = r.data?.person;
    if (!p) return void panel.replaceChildren(el('p', {}, `No person with ${holder.email}`));
    panel.replaceChildren(
      el('h2', { id: 'person-name' }, p.name ?? p.email),
      el('p', { id: 'person-email' }, p.email),
      el('p', {}, `Known to: ${p.resources.map((x) => `${x.source} (${x.type ?? 'resource'})`).join(', ')}`),
      el('p', {}, count(p.certificates.totalCount)),
      el('ul', { id: 'person-certificates' }, ...p.certificates.nodes.map((c) => el('li', {}, `${c.name ?? '(no name)'} · ${c.source} · ${c.status} · ${c.expiresOn ?? 'never expires'}`))),
    );
  } else {
    const r = await client.query(ResourceWithCertificatesDocument, { id: holder.id, first: 50 }).toPromise();
    if (r.error) return showError('Loading the holder', r.error);
    const res = r.data?.resource;
    if (!res) return void panel.replaceChildren(el('p', {}, 'This holder no longer exists'));
    panel.replaceChildren(
      el('h2', { id: 'person-name' }, res.name ?? res.sourceId),
      el('p', {}, `${res.source} ${res.type ?? 'resource'} (no email, so not matched across sources)`),
      el('p', {}, count(res.certificates.totalCount)),
      el('ul', { id: 'person-certificates' }, ...res.certificates.nodes.map((c) => el('li', {}, `${c.name ?? '(no name)'} · ${c.status} · ${c.expiresOn ?? 'never expires'}`))),
    );
  }
}

/** Every event goes on top of the live list, and the page on screen is fetched again. */
function onEvent(e: LiveEvent): void {
  const what = e.certificate?.name ?? e.certificateId;
  const holder = e.certificate?.holder.name ? ` (${e.certificate.holder.name})` : '';
  $('events').prepend(el('li', { 'data-event-id': e.eventId }, `${e.occurredAt.slice(11, 19)} ${e.type} ${e.source}: ${what}${holder}`));
  void state.load();
}

function start(): void {
  $('gateway').textContent = gatewayUrl;
  $('next').addEventListener('click', () => {
    const after = state.page?.pageInfo.endCursor;
    if (!after) return;
    state.number += 1;
    state.load = () => loadForward(after);
    void state.load();
  });
  $('prev').addEventListener('click', () => {
    const before = state.page?.pageInfo.startCursor;
    if (!before) return;
    state.number -= 1;
    state.load = () => loadBackward(before);
    void state.load();
  });
  client.subscription(CertificateEventsDocument, {}).subscribe((r) => {
    if (r.error) showError('Live events', r.error);
    else if (r.data) onEvent(r.data.certificateEvents);
  });
  void state.load();
}

start();
