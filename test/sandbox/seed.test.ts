import { addPeriod, createSeed, type SeedData } from '../../src/sandbox/seed';
import { TODAY, daysFrom } from './helpers';

type Status = 'expired' | 'soon' | 'valid' | 'never';
function status(today: string, expire: string | null): Status {
  if (expire === null) return 'never';
  const d = daysFrom(today, expire);
  return d < 0 ? 'expired' : d <= 30 ? 'soon' : 'valid';
}
function tally(today: string, dates: (string | null)[]): Record<Status, number> {
  const out: Record<Status, number> = { expired: 0, soon: 0, valid: 0, never: 0 };
  for (const d of dates) out[status(today, d)] += 1;
  return out;
}

describe('createSeed', () => {
  const seed = createSeed({ today: TODAY });

  it('is deterministic for the same seed and day, and differs for another seed', () => {
    expect(createSeed({ today: TODAY, seed: 42 })).toEqual(seed);
    expect(JSON.stringify(createSeed({ today: TODAY }))).toBe(JSON.stringify(seed));
    const other = createSeed({ today: TODAY, seed: 7 });
    expect(other.fourhse.certificates[0].certificate_id).not.toBe(seed.fourhse.certificates[0].certificate_id);
    expect(seed.seed).toBe(42);
    expect(seed.today).toBe(TODAY);
  });

  it('rejects a malformed today', () => {
    expect(() => createSeed({ today: '2025-02-30' })).toThrow(/YYYY-MM-DD/);
    expect(() => createSeed({ today: '15/06/2025' })).toThrow();
  });

  it('has the documented sizes', () => {
    expect(seed.people).toHaveLength(40);
    expect(seed.fourhse.certificates.length).toBeGreaterThanOrEqual(140);
    expect(seed.fourhse.certificates.length).toBeLessThanOrEqual(180);
    expect(seed.fourhse.tenants).toHaveLength(2);
    expect(seed.springest.certifications).toHaveLength(10);
    expect(seed.springest.certificates).toHaveLength(80);
    expect(seed.ensinio.groups).toHaveLength(8);
    expect(seed.ensinio.certificates).toHaveLength(80);
    expect(seed.falkor.stories).toHaveLength(6);
    expect(seed.falkor.certificates).toHaveLength(60);
  });

  it.each([
    [42, '2025-06-15'], [1, '2020-02-29'], [7, '2031-12-31'], [123456, '2024-01-01'], [99, '2026-03-31'],
  ])('seed %p on %p: some expired, some expiring within 30 days, most valid, a few never', (n, today) => {
    const s = createSeed({ seed: n, today });
    const fourhse = tally(today, s.fourhse.certificates.map((c) => c.date_expire));
    const springest = tally(today, s.springest.certificates.filter((c) => c.status === 'verified').map((c) => c.valid_until));
    const ensinio = tally(today, s.ensinio.certificates.map((c) => c.expiration_date));
    for (const t of [fourhse, springest, ensinio]) {
      expect(t.expired).toBeGreaterThan(0);
      expect(t.soon).toBeGreaterThan(0);
      expect(t.never).toBeGreaterThan(0);
      expect(t.valid + t.never).toBeGreaterThan(t.expired + t.soon);
    }
    expect(fourhse.valid).toBeGreaterThan(s.fourhse.certificates.length / 2);
    expect(fourhse.never).toBeLessThan(15);
    // Issue dates are never in the future; expiry = issue + validity exactly.
    for (const c of s.fourhse.certificates) {
      expect(daysFrom(today, c.date_release)).toBeLessThanOrEqual(0);
      if (c.date_expire === null) expect([c.validity, c.validity_unit]).toEqual([null, null]);
      else expect(addPeriod(c.date_release, c.validity_unit!, c.validity!)).toBe(c.date_expire);
    }
    for (const c of s.springest.certificates) expect(daysFrom(today, c.valid_from)).toBeLessThanOrEqual(0);
  });

  it('gives people realistic lowercase emails, unique, and shares them across sources', () => {
    const emails = seed.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(40);
    for (const e of emails) expect(e).toMatch(/^[a-z]+\.[a-z]+@(acme-construction|northwind-logistics)\.example$/);
    expect(emails).toContain('maria.rossi@acme-construction.example');
    expect(emails).toContain('joao.silva@acme-construction.example');
    const sources = (p: SeedData['people'][number]) => [p.fourhse, p.springest, p.ensinio, p.falkor].filter(Boolean).length;
    for (const p of seed.people) expect(sources(p)).toBeGreaterThanOrEqual(1);
    expect(seed.people.slice(0, 4).every((p) => sources(p) === 4)).toBe(true);
    expect(seed.people.filter((p) => sources(p) >= 3).length).toBeGreaterThanOrEqual(10);
  });

  it('identifies each holder the way each source does', () => {
    const maria = seed.people[0];
    expect(maria.fullName).toBe('Maria Rossi');
    expect(maria.fourhse!.resourceName).toBe('Rossi Maria');
    const anna = seed.people.find((p) => p.fullName === 'Anna de Vries')!;
    expect(anna.fourhse!.resourceName).toBe('de Vries Anna');
    const byEmail = new Map(seed.people.map((p) => [p.email, p]));

    const personCerts = seed.fourhse.certificates.filter((c) => c.resource_type === 'PERSON');
    for (const c of personCerts) {
      const p = seed.people.find((x) => x.fourhse?.resourceId === c.resource_id)!;
      expect(c.resource_name).toBe(p.fourhse!.resourceName);
      expect(c.tenant_id).toBe(p.fourhse!.tenantId);
    }
    expect(personCerts.some((c) => c.resource_id === maria.fourhse!.resourceId)).toBe(true);
    for (const c of seed.springest.certificates) {
      const p = byEmail.get(c.user.email)!;
      expect(p.springest).not.toBeNull();
      expect(c.user.external_id).toBe(p.springest!.externalId);
    }
    for (const c of seed.ensinio.certificates) {
      const p = seed.people.find((x) => x.ensinio?.userId === c.user_id)!;
      expect(c.member_name).toBe(p.fullName);
    }
    for (const { item } of seed.falkor.certificates) {
      const p = byEmail.get(item.email)!;
      expect([item.firstname, item.lastname]).toEqual([p.firstName, p.lastName]);
      expect(p.falkor).not.toBeNull();
    }
  });

  it('builds 4HSE certificates in the documented shape with consistent action types', () => {
    const certs = seed.fourhse.certificates;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(new Set(certs.map((c) => c.certificate_id)).size).toBe(certs.length);
    const allowed: Record<string, string[]> = {
      PERSON: ['TRAINING', 'HEALTH', 'PER', 'CHECK'], EQUIPMENT: ['MAINTENANCE', 'CHECK'], WORK_ENVIRONMENT: ['MAINTENANCE', 'CHECK'],
      SUBSTANCE: ['CHECK'], MATERIAL_ITEM: ['MAINTENANCE', 'CHECK'], OFFICE: ['MAINTENANCE', 'CHECK'],
    };
    for (const c of certs) {
      expect(c.certificate_id).toMatch(uuid);
      expect(c.resource_id).toMatch(uuid);
      expect(allowed[c.resource_type]).toContain(c.action_type);
      expect([0, 1]).toContain(c.warning);
      expect(['Acme Construction Ltd', 'Northwind Logistics BV']).toContain(c.project_name);
    }
    const types = new Set(certs.map((c) => c.resource_type));
    for (const t of ['PERSON', 'EQUIPMENT', 'WORK_ENVIRONMENT', 'SUBSTANCE', 'MATERIAL_ITEM', 'OFFICE']) expect(types).toContain(t);
    expect(certs.filter((c) => c.resource_type === 'PERSON').length).toBeGreaterThan(certs.length / 2);
    expect(seed.fourhse.resources.some((r) => r.resource_type === 'EQUIPMENT' && r.resource_name === 'Forklift Linde H25 #3')).toBe(true);
    expect(certs.some((c) => c.resource_type === 'EQUIPMENT' && c.action_type === 'MAINTENANCE')).toBe(true);
    expect(certs.some((c) => c.note !== null) && certs.some((c) => c.note === null)).toBe(true);
    expect(certs.some((c) => c.data !== null) && certs.some((c) => c.subtenant_id !== null) && certs.some((c) => c.subtenant_id === null)).toBe(true);
    expect(certs.some((c) => c.warning === 1)).toBe(true);
    expect(new Set(certs.map((c) => c.validity_unit))).toEqual(new Set(['YEAR', 'MONTH', 'DAY', null]));
  });

  it('keeps the Ensinio quirks: ch as string or number, real nulls', () => {
    const certs = seed.ensinio.certificates;
    expect(certs.some((c) => typeof c.ch === 'string' && /^\d+h$/.test(c.ch))).toBe(true);
    expect(certs.some((c) => typeof c.ch === 'number')).toBe(true);
    for (const f of ['average_grade', 'member_photo', 'alternative_name', 'expiration_date', 'conclusion_date'] as const) {
      expect(certs.some((c) => c[f] === null)).toBe(true);
      expect(certs.some((c) => c[f] !== null)).toBe(true);
    }
    const nullConclusion = certs.filter((c) => c.conclusion_date === null).length;
    expect(nullConclusion).toBeGreaterThanOrEqual(1);
    expect(nullConclusion).toBeLessThanOrEqual(2);
    const ids = certs.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(Object.keys(certs[0])).toEqual(['id', 'user_id', 'group_id', 'group_name', 'alternative_name', 'member_name', 'platform_name', 'average_grade', 'member_photo', 'link', 'hash', 'ch', 'conclusion_date', 'subscription_date', 'expiration_date']);
    expect(seed.ensinio.groups.map((g) => g.name)).toContain('NR-35 Trabalho em Altura');
  });

  it('gives Falkor mixed-case story types, ISO timestamps with offsets and a few pending', () => {
    const types = seed.falkor.stories.map((s) => s.type);
    expect(types).toEqual(expect.arrayContaining(['Story', 'story', 'Assessment', 'SURVEY', 'Scorm']));
    for (const s of seed.falkor.stories) expect(s.ID).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const states = seed.falkor.certificates.map((c) => c.item.certificate.state);
    expect(states.filter((s) => s === 'pending').length).toBeGreaterThanOrEqual(1);
    expect(states.filter((s) => s === 'pending').length).toBeLessThan(10);
    for (const { item } of seed.falkor.certificates) expect(item.certificate.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(seed.falkor.users.every((u) => u.groups.length >= 1)).toBe(true);
  });

  it('gives Springest certificates valid_until only when the certification requires it', () => {
    const byId = new Map(seed.springest.certifications.map((c) => [c.id, c]));
    for (const c of seed.springest.certificates) {
      expect(byId.get(c.certification_id)!.requires_valid_until).toBe(c.valid_until !== null);
      expect(c.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(seed.springest.certificates.some((c) => c.status === 'pending')).toBe(true);
    expect(seed.springest.certifications.map((c) => c.name)).toEqual(expect.arrayContaining(['ITIL 4 Foundation', 'PRINCE2 Practitioner', 'VCA Basis', 'BHV']));
  });
});
