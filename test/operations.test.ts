import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { startTestGateway, type TestGateway } from './helpers/gateway';
import { eventually } from './helpers/eventually';
import { fourHseWebhookCertificate, markEvent, postWebhook } from './helpers/webhooks';
import {
  CertificateByIdDocument,
  CertificateEventsDocument,
  CertificatesPageBackwardDocument,
  CertificatesPageDocument,
  CertificationsDocument,
  IssueCertificateDocument,
  NodeByIdDocument,
  PersonByEmailDocument,
  ResourceWithCertificatesDocument,
  RevokeCertificateDocument,
  SourcesDocument,
  StoriesDocument,
  UpdateCertificateDocument,
  type CertificateEventsSubscription,
  type CertificatesPageQuery,
  type Source,
} from '../examples/generated/graphql';

/**
 * The typed documents of examples/operations (`npm run codegen`), as a frontend would send
 * them, against the real gateway and the simulators: queries and mutations over HTTP, the
 * subscription over graphql-ws.
 */
const SECRET = 'whsec-' + randomUUID();
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET } });
});
afterAll(async () => {
  await gw?.stop();
});

/** Executes a typed document; any GraphQL error fails the test. */
async function run<R, V extends Record<string, unknown>>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const res = await gw.query<R>(print(doc), variables);
  expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  expect(res.body.data).toBeDefined();
  return res.body.data as R;
}

type PageNode = CertificatesPageQuery['certificates']['edges'][number]['node'];

async function page(sources: Source[] | null, first = 50): Promise<CertificatesPageQuery['certificates']> {
  const data = await run(CertificatesPageDocument, { first, filter: sources ? { sources } : null });
  return data.certificates;
}

describe('example operations (typed documents)', () => {
  const ALL: Source[] = ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'];

  it('Sources: all four are configured and healthy in the sandbox', async () => {
    const { sources } = await run(SourcesDocument, {});
    expect(sources.map((s) => s.name).sort()).toEqual([...ALL].sort());
    for (const s of sources) {
      expect(s).toMatchObject({ configured: true, healthy: true, lastError: null });
    }
  });

  it('CertificatesPage: a page of every source, cursors page forward without overlap', async () => {
    const first = await run(CertificatesPageDocument, { first: 10, orderBy: { field: 'EXPIRES_ON', direction: 'ASC' } });
    const c = first.certificates;
    expect(c.totalCount).toBeGreaterThan(100); // "a few hundred" seeded certificates
    expect(c.edges).toHaveLength(10);
    expect(c.pageInfo.hasNextPage).toBe(true);
    expect(c.pageInfo.endCursor).toBe(c.edges[9].cursor);
    for (const { node } of c.edges) {
      expect(ALL).toContain(node.source);
      expect(node.id).toEqual(expect.any(String));
      expect(node.sourceId).not.toBe('');
      expect(node.holder.id).toEqual(expect.any(String));
    }
    // Ascending expiry: dates never decrease, never-expiring last.
    const dates = c.edges.map((e) => e.node.expiresOn);
    const seenNull = dates.indexOf(null);
    if (seenNull >= 0) expect(dates.slice(seenNull).every((d) => d === null)).toBe(true);
    const nonNull = dates.filter((d): d is string => d !== null);
    expect(nonNull).toEqual([...nonNull].sort());

    const next = await run(CertificatesPageDocument, {
      first: 10,
      orderBy: { field: 'EXPIRES_ON', direction: 'ASC' },
      after: c.pageInfo.endCursor,
    });
    expect(next.certificates.edges).toHaveLength(10);
    expect(next.certificates.totalCount).toBe(c.totalCount);
    const firstIds = new Set(c.edges.map((e) => e.node.id));
    expect(next.certificates.edges.filter((e) => firstIds.has(e.node.id))).toEqual([]);
  });

  it('CertificatesPage: the sources filter returns only those sources, and each source has data', async () => {
    for (const source of ALL) {
      const c = await page([source], 20);
      expect(c.totalCount).toBeGreaterThan(0);
      expect(c.edges.length).toBeGreaterThan(0);
      expect(new Set(c.edges.map((e) => e.node.source))).toEqual(new Set([source]));
    }
  });

  it('CertificateById and NodeById: an id from a page round-trips, for every source', async () => {
    for (const source of ALL) {
      const [edge] = (await page([source], 1)).edges;
      const listed: PageNode = edge.node;

      const { certificate } = await run(CertificateByIdDocument, { id: listed.id });
      expect(certificate).not.toBeNull();
      expect(certificate).toMatchObject({
        id: listed.id,
        source: listed.source,
        sourceId: listed.sourceId,
        name: listed.name,
        status: listed.status,
        issuedOn: listed.issuedOn,
        expiresOn: listed.expiresOn,
        holder: { id: listed.holder.id },
      });

      const { node } = await run(NodeByIdDocument, { id: listed.id });
      expect(node?.__typename).toBe('Certificate');
      if (node?.__typename !== 'Certificate') throw new Error('not a certificate');
      expect(node).toMatchObject({ id: listed.id, source: source, sourceId: listed.sourceId, name: listed.name, holder: { id: listed.holder.id } });

      // The holder is a node too.
      const holder = await run(NodeByIdDocument, { id: listed.holder.id });
      expect(holder.node).toMatchObject({ __typename: 'Resource', id: listed.holder.id, source });
    }
  });

  it('NodeById: certifications and stories resolve as nodes', async () => {
    const { certifications } = await run(CertificationsDocument, { first: 1 });
    const { stories } = await run(StoriesDocument, { first: 1 });
    const cert = certifications[0];
    const story = stories[0];
    const a = await run(NodeByIdDocument, { id: cert.id });
    expect(a.node).toMatchObject({ __typename: 'Certification', id: cert.id, source: cert.source, sourceId: cert.sourceId, name: cert.name });
    const b = await run(NodeByIdDocument, { id: story.id });
    expect(b.node).toMatchObject({ __typename: 'Story', id: story.id, sourceId: story.sourceId, name: story.name, storyType: story.type });
  });

  it('PersonByEmail: a Falkor and a Springest holder email resolves to the person', async () => {
    for (const source of ['FALKOR', 'SPRINGEST'] as const) {
      const c = await page([source], 20);
      const withEmail = c.edges.map((e) => e.node.holder).find((h) => h.email);
      expect(withEmail?.email).toMatch(/@/);
      const email = withEmail!.email!;

      const { person } = await run(PersonByEmailDocument, { email: email.toUpperCase(), first: 100 });
      expect(person).not.toBeNull();
      expect(person!.email).toBe(email.toLowerCase());
      expect(person!.resources.map((r) => r.id)).toContain(withEmail!.id);
      expect(person!.resources.map((r) => r.source)).toContain(source);
      expect(person!.certificates.totalCount).toBeGreaterThan(0);
      expect(person!.certificates.nodes.length).toBe(Math.min(100, person!.certificates.totalCount));
      expect(person!.certificates.nodes.map((n) => n.source)).toContain(source);
    }
    const { person: nobody } = await run(PersonByEmailDocument, { email: 'nobody-at-all@nowhere.example' });
    expect(nobody).toBeNull();
  });

  it('ResourceWithCertificates: a holder lists only its own certificates', async () => {
    const [edge] = (await page(['FOURHSE'], 1)).edges;
    const { resource } = await run(ResourceWithCertificatesDocument, { id: edge.node.holder.id, first: 50 });
    expect(resource).toMatchObject({ id: edge.node.holder.id, source: 'FOURHSE', name: edge.node.holder.name });
    expect(resource!.certificates.totalCount).toBeGreaterThan(0);
    expect(resource!.certificates.nodes.map((n) => n.id)).toContain(edge.node.id);
    expect(resource!.certificates.nodes.every((n) => n.holder.id === resource!.id)).toBe(true);
  });

  it('Certifications: Springest certifications and Ensinio courses, each listing its own certificates', async () => {
    const { certifications } = await run(CertificationsDocument, { first: 5 });
    expect(certifications.length).toBeGreaterThan(0);
    expect(new Set(certifications.map((c) => c.source))).toEqual(new Set(['SPRINGEST', 'ENSINIO']));
    expect(certifications.some((c) => c.certificates.totalCount > 0)).toBe(true);
    for (const c of certifications) {
      expect(c.name).toBeTruthy();
      for (const n of c.certificates.nodes) expect(n.certification?.id).toBe(c.id);
    }
    const only = await run(CertificationsDocument, { sources: ['ENSINIO'], first: 0 });
    expect(only.certifications.length).toBeGreaterThan(0);
    expect(only.certifications.every((c) => c.source === 'ENSINIO')).toBe(true);
  });

  it('Stories: Falkor stories, each listing its own certificates', async () => {
    const { stories } = await run(StoriesDocument, { first: 5 });
    expect(stories.length).toBeGreaterThan(0);
    expect(stories.every((s) => s.certificates.totalCount > 0)).toBe(true);
    for (const s of stories) {
      expect(['STORY', 'ASSESSMENT', 'SURVEY', 'SCORM']).toContain(s.type);
      for (const n of s.certificates.nodes) {
        expect(n).toMatchObject({ source: 'FALKOR', story: { id: s.id }, expiresOn: null });
        if (n.status !== 'PENDING') expect(n.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('CertificatesPageBackward: last/before from page 2 returns page 1 again, in the same order', async () => {
    const orderBy = { field: 'EXPIRES_ON', direction: 'ASC' } as const;
    const one = (await run(CertificatesPageDocument, { first: 10, orderBy })).certificates;
    const two = (await run(CertificatesPageDocument, { first: 10, orderBy, after: one.pageInfo.endCursor })).certificates;
    expect(two.pageInfo.hasPreviousPage).toBe(true);

    const back = (await run(CertificatesPageBackwardDocument, { last: 10, orderBy, before: two.pageInfo.startCursor })).certificates;
    expect(back.edges.map((e) => e.node.id)).toEqual(one.edges.map((e) => e.node.id));
    expect(back.totalCount).toBe(one.totalCount);
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true, startCursor: one.pageInfo.startCursor });
  });

  it('IssueCertificate, UpdateCertificate, RevokeCertificate: issue on Ensinio, correct and preview a revoke on 4HSE', async () => {
    const { groups, users } = gw.sandbox.seed.ensinio;
    const { issueCertificate } = await run(IssueCertificateDocument, {
      input: { ensinio: { groupId: groups[0].id, userId: users[0].id, conclusionDate: '2026-11-04' } },
      idempotencyKey: `ops-${randomUUID()}`,
    });
    expect(issueCertificate).toMatchObject({ source: 'ENSINIO', issuedOn: '2026-11-04', holder: { id: expect.any(String) } });

    const [edge] = (await page(['FOURHSE'], 1)).edges;
    const { updateCertificate } = await run(UpdateCertificateDocument, { id: edge.node.id, input: { note: 'Renewed by the operations test', expiresOn: '2031-01-31' } });
    expect(updateCertificate).toMatchObject({ id: edge.node.id, note: 'Renewed by the operations test', expiresOn: '2031-01-31' });

    const { revokeCertificate } = await run(RevokeCertificateDocument, { id: edge.node.id });
    expect(revokeCertificate).toMatchObject({ certificateId: edge.node.id, source: 'FOURHSE', revoked: false });
    expect(revokeCertificate.wouldDelete.map((e) => e.type)).toContain('certificate');
    // Only a preview: the certificate is still there.
    expect((await run(CertificateByIdDocument, { id: edge.node.id })).certificate?.id).toBe(edge.node.id);
  });

  it('CertificateEvents: the subscription over graphql-ws receives the event of a 4HSE webhook, typed', async () => {
    const after = await markEvent(gw.url, SECRET, gw.sandbox);
    const client = createClient({ url: gw.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });
    const events: CertificateEventsSubscription['certificateEvents'][] = [];
    const errors: unknown[] = [];
    const stop = client.subscribe<CertificateEventsSubscription>(
      { query: print(CertificateEventsDocument), variables: { after, filter: { sources: ['FOURHSE'] } } },
      { next: (r) => (r.data ? events.push(r.data.certificateEvents) : errors.push(r.errors)), error: (e) => errors.push(e), complete: () => undefined },
    );
    try {
      const name = `Seen by the typed subscription ${randomUUID().slice(0, 8)}`;
      const sent = await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(gw.sandbox, { name }));
      expect(sent.status).toBe(200);
      await eventually(() => events.some((e) => e.certificate?.name === name), { timeoutMs: 10_000, what: `the CREATED event of "${name}"` });
      const event = events.find((e) => e.certificate?.name === name)!;
      expect(event).toMatchObject({ type: 'CREATED', source: 'FOURHSE', eventId: expect.any(String), changes: [] });
      expect(Date.parse(event.occurredAt)).not.toBeNaN();
      expect(errors).toEqual([]);
    } finally {
      stop();
      await client.dispose();
    }
  });
});
