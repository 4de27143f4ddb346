/**
 * 4HSE webhook bodies are validated for their values, not only their shape,
 * with the mapper's own field rules: ~300 generated bodies whose values the
 * doc does not allow (CREATE, DELETE, UPDATE's old and new) are each answered
 * 422 naming the field, and none is recorded; the doc's own example bodies,
 * sent in between, are all accepted and recorded.
 */
import { randomUUID } from 'node:crypto';
import { Prng } from '../../src/sandbox/seed';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { fourHseWebhookCertificate, markEvent, postWebhook } from '../helpers/webhooks';
import { docExample } from '../helpers/doc-examples';

const SECRET = 'whsec-' + randomUUID();
let gw: TestGateway;
const open: Subscriber[] = [];

beforeAll(async () => {
  gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET } });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await gw?.stop();
});

// ---------------------------------------------------------------- values the doc does not allow

const rng = new Prng(20240230);
const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const word = () => rng.chars(rng.int(3, 10), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_');
const WRONG_TYPES = [0, 42, -1.5, true, false, [], ['x'], {}, { value: 'x' }];

/** A string that looks like a date but is no calendar day, or something else entirely. */
function badDate(): unknown {
  const y = rng.int(1990, 2100);
  const m = rng.int(1, 12);
  return pick([
    () => `${y}-${pad(m)}-${rng.int(daysIn(y, m) + 1, 32)}`,
    () => `${y}-02-${pick(['30', '31'])}`,
    () => `${pick([1900, 2023, 2025, 2100])}-02-29`,
    () => `${y}-${pad(rng.int(13, 99))}-${pad(rng.int(1, 28))}`,
    () => `${y}-00-${pad(rng.int(1, 28))}`,
    () => `${y}-${pad(m)}-${pick(['00', '32', '45', '99'])}`,
    () => `${y}-${pad(m)}-${pad(rng.int(1, 28))}${pick(['junk', 'T', 'Z', ' ', 'T25:00', 'T10:61'])}`,
    () => '9999-99-99junk',
    () => `${pad(rng.int(1, 28))}/${pad(m)}/${y}`,
    () => `${y}-${m}-${rng.int(1, 9)}`,
    () => pick(['', 'soon', 'never', 'yesterday']),
    () => Number(`${y}${pad(m)}01`),
    () => pick(WRONG_TYPES),
  ])();
}

function badEnum(allowed: readonly string[]): unknown {
  return pick([
    () => {
      let w = word();
      while (allowed.includes(w)) w = word();
      return w;
    },
    () => pick(allowed).toLowerCase(),
    () => `${pick(allowed)} `,
    () => pick(['WEEK', 'HOUR', 'YEARS', 'UNKNOWN', '']),
    () => pick(WRONG_TYPES),
  ])();
}

function badUuid(): unknown {
  const u = randomUUID();
  return pick([() => u.slice(0, -1), () => u.replace(/-/g, ''), () => `${u.slice(0, -1)}g`, () => word(), () => `{${u}}`, () => pick(WRONG_TYPES)])();
}

const long = (n: number) => 'x'.repeat(n + rng.int(1, 50));

/** The fields 4HSE's doc describes, each with a generator of values it does not allow. */
const FIELDS: Record<string, { bad: () => unknown; valid: unknown; nullable: boolean }> = {
  certificate_id: { bad: badUuid, valid: randomUUID(), nullable: false },
  date_release: { bad: badDate, valid: '2024-01-15', nullable: false },
  date_expire: { bad: badDate, valid: '2029-01-15', nullable: true },
  name: { bad: () => pick([() => long(255), () => pick(WRONG_TYPES.filter((v) => typeof v !== 'string'))])(), valid: 'Fire Safety', nullable: false },
  note: { bad: () => pick(WRONG_TYPES), valid: 'a note', nullable: true },
  action_type: { bad: () => badEnum(['TRAINING', 'MAINTENANCE', 'HEALTH', 'CHECK', 'PER']), valid: 'CHECK', nullable: false },
  resource_id: { bad: badUuid, valid: randomUUID(), nullable: false },
  resource_type: { bad: () => badEnum(['PERSON', 'MATERIAL_ITEM', 'ROLE', 'WORK_GROUP', 'WORK_ENVIRONMENT', 'SUBSTANCE', 'EQUIPMENT', 'OFFICE', 'UNIT']), valid: 'PERSON', nullable: true },
  resource_name: { bad: () => pick([() => long(255), () => pick(WRONG_TYPES)])(), valid: 'Smith John', nullable: true },
  data: { bad: () => pick([['a'], [{ k: 1 }], 'text', '{"k":1}', 3, true]), valid: { k: 1 }, nullable: true },
  warning: { bad: () => pick([2, -1, 10, 0.5, '0', '1', true, false, [], {}, 'yes']), valid: 1, nullable: true },
  tenant_id: { bad: badUuid, valid: randomUUID(), nullable: true },
  subtenant_id: { bad: badUuid, valid: randomUUID(), nullable: true },
  subtenant_type: { bad: () => pick([() => long(50), () => pick(WRONG_TYPES)])(), valid: 'OFFICE', nullable: true },
  validity_unit: { bad: () => badEnum(['YEAR', 'MONTH', 'DAY']), valid: 'DAY', nullable: true },
  validity: { bad: () => pick(['5', '40h', 1.5, -0.25, true, [], {}, '']), valid: 3, nullable: true },
  project_name: { bad: () => pick(WRONG_TYPES), valid: 'Acme', nullable: true },
};
const NAMES = Object.keys(FIELDS);

/** A bad value for `field`: null where the schema requires a value, otherwise a generated one. */
const badValue = (field: string) => (!FIELDS[field].nullable && rng.chance(0.1) ? null : FIELDS[field].bad());

interface Case {
  event: string;
  body: unknown;
  field: string;
}

/** Every (event, field, side) in turn, each time with a freshly generated value, until `n` bodies. */
function generate(n: number): Case[] {
  const combos = NAMES.flatMap((field) => [['CREATE', field, null], ['DELETE', field, null], ['UPDATE', field, 'old'], ['UPDATE', field, 'new']] as const);
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const [kind, field, side] = combos[i % combos.length];
    if (side !== null) {
      const other = side === 'old' ? 'new' : 'old';
      const updated: Record<string, unknown> = { [field]: { [side]: badValue(field), [other]: FIELDS[field].valid } };
      // Sometimes alongside a valid change of another field, before or after it.
      const second = pick(NAMES.filter((f) => f !== field));
      const valid = { old: FIELDS[second].valid, new: FIELDS[second].valid };
      const fields = rng.chance(0.3) ? { [second]: valid, ...updated } : rng.chance(0.5) ? { ...updated, [second]: valid } : updated;
      cases.push({ event: 'CERTIFICATE::UPDATE', body: { entity_id: randomUUID(), updated_fields: fields }, field: `updated_fields.${field}.${side}` });
    } else {
      cases.push({ event: `CERTIFICATE::${kind}`, body: fourHseWebhookCertificate(gw.sandbox, { [field]: badValue(field) }), field });
    }
  }
  // The structure of UPDATE, too.
  cases.push(
    { event: 'CERTIFICATE::UPDATE', body: { entity_id: 'not-a-uuid', updated_fields: { name: { old: 'a', new: 'b' } } }, field: 'entity_id' },
    { event: 'CERTIFICATE::UPDATE', body: { entity_id: randomUUID(), updated_fields: [] }, field: 'updated_fields' },
    { event: 'CERTIFICATE::UPDATE', body: { entity_id: randomUUID(), updated_fields: { name: 'b' } }, field: 'updated_fields.name' },
    { event: 'CERTIFICATE::UPDATE', body: { entity_id: randomUUID(), updated_fields: { name: { new: 'b' } } }, field: 'updated_fields.name' },
  );
  return cases;
}

describe('4HSE webhook bodies with values the doc does not allow', () => {
  it('are each answered 422 naming the field, and none is recorded; the doc examples in between are', async () => {
    const cases = generate(300);
    const examples: [string, unknown][] = [
      ['CERTIFICATE::CREATE', docExample('fourhse/001-webhook-create.json')],
      ['CERTIFICATE::UPDATE', docExample('fourhse/001-webhook-update.json')],
      ['CERTIFICATE::DELETE', docExample('fourhse/001-webhook-delete.json')],
      ['CERTIFICATE::CREATE', docExample('fourhse/000-webhook-create.json')],
      ['CERTIFICATE::UPDATE', docExample('fourhse/000-webhook-update.json')],
      ['CERTIFICATE::DELETE', docExample('fourhse/000-webhook-delete.json')],
    ];
    const start = await markEvent(gw.url, SECRET, gw.sandbox);
    const sub = subscribe(gw.url, { after: start });
    open.push(sub);

    const wrong: unknown[] = [];
    const accepted: string[] = [];
    for (const [i, c] of cases.entries()) {
      const r = await postWebhook(gw.url, SECRET, c.event, c.body);
      const ok = r.status === 422 && r.body.field === c.field && typeof r.body.error === 'string' && r.body.error.includes(c.field);
      if (!ok) wrong.push({ case: c, answer: r });
      // Every 50 bodies, one of the doc's own: it is accepted and recorded.
      if (i % 50 === 49) {
        const [event, body] = examples[accepted.length];
        const e = await postWebhook(gw.url, SECRET, event, body);
        expect(e).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
        accepted.push(e.body.eventId);
      }
    }
    expect(wrong).toEqual([]);
    expect(accepted).toHaveLength(examples.length);
    const end = await markEvent(gw.url, SECRET, gw.sandbox);
    const events = await sub.waitFor(accepted.length + 1);
    expect(events.map((e) => e.eventId)).toEqual([...accepted, end]);
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'UPDATED', 'DELETED', 'CREATED', 'UPDATED', 'DELETED', 'CREATED']);
  }, 60_000);

  it('cover every field the doc describes, for every event and both sides of an update', () => {
    const cases = generate(300);
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const seen = new Set(cases.map((c) => `${c.event} ${c.field}`));
    for (const f of NAMES) {
      expect(seen).toContain(`CERTIFICATE::CREATE ${f}`);
      expect(seen).toContain(`CERTIFICATE::DELETE ${f}`);
      expect(seen).toContain(`CERTIFICATE::UPDATE updated_fields.${f}.old`);
      expect(seen).toContain(`CERTIFICATE::UPDATE updated_fields.${f}.new`);
    }
  });

  it('answer with a message naming the field and the value', async () => {
    const r = await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(gw.sandbox, { date_expire: '9999-99-99junk' }));
    expect(r).toEqual({ status: 422, body: { error: 'CERTIFICATE::CREATE body refused: date_expire must be a calendar date YYYY-MM-DD, got "9999-99-99junk"', field: 'date_expire' } });
  });
});
