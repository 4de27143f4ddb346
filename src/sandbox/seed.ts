/**
 * Deterministic seed data for the four sandbox simulators.
 *
 * Everything is derived from one small PRNG (mulberry32) and from `today`, so
 * the same seed gives byte-identical data for the same day, and at any date
 * some certificates are expired, some expire within 30 days, most are valid
 * and a few never expire. Each source's part is already in that vendor's wire
 * shape (field names, nulls, quirks); the simulators only filter and page it.
 */

// ---------------------------------------------------------------- wire types

export type FourHseActionType = 'TRAINING' | 'MAINTENANCE' | 'HEALTH' | 'CHECK' | 'PER';
export type FourHseResourceType =
  | 'PERSON' | 'MATERIAL_ITEM' | 'ROLE' | 'WORK_GROUP' | 'WORK_ENVIRONMENT' | 'SUBSTANCE' | 'EQUIPMENT' | 'OFFICE' | 'UNIT';
export type ValidityUnit = 'YEAR' | 'MONTH' | 'DAY';

/** One 4HSE certificate as `POST /v2/certificate/index` returns it. Absent values are explicit nulls (Yii2 serialises every attribute). */
export interface FourHseCertificate {
  certificate_id: string;
  date_release: string;
  date_expire: string | null;
  name: string;
  note: string | null;
  action_type: FourHseActionType;
  resource_id: string;
  resource_type: FourHseResourceType;
  resource_name: string;
  data: Record<string, unknown> | null;
  warning: 0 | 1;
  tenant_id: string;
  subtenant_id: string | null;
  subtenant_type: string | null;
  validity_unit: ValidityUnit | null;
  validity: number | null;
  project_name: string;
}
export interface FourHseOffice { office_id: string; name: string; type: string; city: string; country: string }
export interface FourHseTenant { tenant_id: string; project_name: string; emailDomain: string; offices: FourHseOffice[] }
export interface FourHseResource { resource_id: string; resource_type: FourHseResourceType; resource_name: string; tenant_id: string; office_id: string }
export interface FourHseSeed { tenants: FourHseTenant[]; resources: FourHseResource[]; certificates: FourHseCertificate[] }

export interface SpringestCertification { id: number; name: string; description: string; requires_valid_until: boolean }
export interface SpringestCertificate {
  id: number;
  name: string;
  description: string;
  certification_id: number;
  valid_from: string;
  valid_until: string | null;
  /** Only "verified" ones are served; the seed holds a few "pending" ones to prove the filter. */
  status: 'verified' | 'pending';
  created_at: string;
  user: { email: string; external_id: string | null };
}
export interface SpringestSeed { certifications: SpringestCertification[]; certificates: SpringestCertificate[] }

export interface EnsinioGroup { id: number; name: string; hours: number; validityMonths: number | null }
export interface EnsinioUser { id: number; name: string; email: string; photo: string | null }
export interface EnsinioCertificate {
  id: number;
  user_id: number;
  group_id: number;
  group_name: string | null;
  alternative_name: string | null;
  member_name: string | null;
  platform_name: string | null;
  average_grade: number | null;
  member_photo: string | null;
  link: string | null;
  hash: string | null;
  /** Workload: sometimes "40h", sometimes 40 (the documented quirk). */
  ch: string | number;
  conclusion_date: string | null;
  subscription_date: string | null;
  expiration_date: string | null;
}
export interface EnsinioSeed { platformName: string; platformUrl: string; groups: EnsinioGroup[]; users: EnsinioUser[]; certificates: EnsinioCertificate[] }

export interface FalkorStory { name: string; type: string; ID: string }
export interface FalkorUser { firstname: string; lastname: string; email: string; telephone: string; country: string; city: string; groups: string[] }
export interface FalkorCertificateItem {
  firstname: string;
  lastname: string;
  email: string;
  telephone: string;
  country: string;
  city: string;
  certificate: { timestamp: string; state: 'pending' | 'delivered'; url: string };
}
/** A certificate item plus the story it belongs to (the wire groups items under their story). */
export interface FalkorSeedCertificate { storyId: string; item: FalkorCertificateItem }
export interface FalkorSeed { app: { ID: string; name: string }; stories: FalkorStory[]; groups: string[]; users: FalkorUser[]; certificates: FalkorSeedCertificate[] }

/** A person and how each source identifies them (null: not known to that source). */
export interface SeedPerson {
  firstName: string;
  lastName: string;
  fullName: string;
  email: string;
  company: string;
  city: string;
  country: string;
  telephone: string;
  fourhse: { resourceId: string; resourceName: string; tenantId: string } | null;
  springest: { externalId: string | null } | null;
  ensinio: { userId: number } | null;
  falkor: { groups: string[] } | null;
}

export interface SeedData {
  seed: number;
  today: string;
  people: SeedPerson[];
  fourhse: FourHseSeed;
  springest: SpringestSeed;
  ensinio: EnsinioSeed;
  falkor: FalkorSeed;
}

export interface SeedOptions { seed?: number; today: string }

// ---------------------------------------------------------------- PRNG and dates

/** mulberry32: tiny, fast and good enough for fixtures; one instance per createSeed call. */
export class Prng {
  private state: number;
  constructor(seed: number) { this.state = seed >>> 0; }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]; }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  /** RFC 4122 version-4 layout, but drawn from this PRNG so it is reproducible. */
  uuid(): string {
    const h = this.chars(32, '0123456789abcdef').split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

const DAY_MS = 86_400_000;

/** Strict YYYY-MM-DD check (rejects 2024-02-30 too), shared by the simulators' validators. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}
function dayMs(iso: string): number {
  if (!isIsoDate(iso)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  return Date.parse(`${iso}T00:00:00Z`);
}
export function addDays(iso: string, days: number): string {
  return new Date(dayMs(iso) + days * DAY_MS).toISOString().slice(0, 10);
}
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}
/** Calendar arithmetic; a day past the month's end is clamped (31 Mar - 1 month = 28/29 Feb). */
export function addPeriod(iso: string, unit: ValidityUnit, n: number): string {
  if (unit === 'DAY') return addDays(iso, n);
  const [y, m, d] = iso.split('-').map(Number);
  const total = m - 1 + (unit === 'YEAR' ? 12 * n : n);
  const year = y + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

type Bucket = 'expired' | 'soon' | 'valid' | 'never';

/** Exact shares, shuffled: guarantees every bucket is populated whatever the seed. */
function buckets(rng: Prng, n: number, share: { expired: number; soon: number; never: number }): Bucket[] {
  const expired = Math.max(1, Math.round(n * share.expired));
  const soon = Math.max(1, Math.round(n * share.soon));
  const never = share.never > 0 ? Math.max(1, Math.round(n * share.never)) : 0;
  const list: Bucket[] = [];
  for (let i = 0; i < n; i++) list.push(i < expired ? 'expired' : i < expired + soon ? 'soon' : i < expired + soon + never ? 'never' : 'valid');
  return rng.shuffle(list);
}

/**
 * Issue and expiry dates for a bucket. The release date is derived back from a
 * target expiry and the expiry recomputed forward, so release + validity ==
 * expiry exactly; month clamping can only move the expiry earlier by <= 3 days,
 * which the ranges below absorb: expired <= today-1, soon in [today+2,
 * today+28], valid >= today+35, release always <= today.
 */
function datesFor(rng: Prng, today: string, bucket: Exclude<Bucket, 'never'>, unit: ValidityUnit, n: number): { release: string; expire: string } {
  const periodDays = daysBetween(addPeriod(today, unit, -n), today);
  const target =
    bucket === 'expired' ? addDays(today, -rng.int(1, 540))
    : bucket === 'soon' ? addDays(today, rng.int(5, 28))
    : addDays(today, rng.int(38, Math.max(38, periodDays - 4)));
  const release = addPeriod(target, unit, -n);
  return { release, expire: addPeriod(release, unit, n) };
}

// ---------------------------------------------------------------- people

const PEOPLE: ReadonlyArray<readonly [first: string, last: string, office: number]> = [
  // office: 0 Milan, 1 São Paulo (Acme); 2 Rotterdam, 3 Manchester (Northwind); -1 random
  ['Maria', 'Rossi', 0], ['João', 'Silva', 1], ['Anna', 'de Vries', 2], ['James', 'Smith', 3],
  ['Luca', 'Bianchi', 0], ['Giulia', 'Romano', 0], ['Marco', 'Esposito', 0], ['Francesca', 'Ricci', 0],
  ['Ana', 'Souza', 1], ['Pedro', 'Oliveira', 1], ['Beatriz', 'Santos', 1], ['Rafael', 'Costa', 1],
  ['Jan', 'Jansen', 2], ['Sanne', 'Bakker', 2], ['Pieter', 'van Dijk', 2], ['Lotte', 'Visser', 2],
  ['Emily', 'Johnson', 3], ['Oliver', 'Brown', 3], ['Charlotte', 'Taylor', 3], ['Harry', 'Wilson', 3],
  ['Lukas', 'Müller', -1], ['Sophie', 'Schmidt', -1], ['Jonas', 'Weber', -1], ['Lea', 'Fischer', -1],
  ['Camille', 'Dubois', -1], ['Louis', 'Martin', -1], ['Chloé', 'Lefèvre', -1],
  ['Carlos', 'García', -1], ['Lucía', 'Fernández', -1], ['Javier', 'López', -1],
  ['Piotr', 'Kowalski', -1], ['Agnieszka', 'Nowak', -1], ['Aoife', 'Murphy', 3], ['Seán', "O'Brien", 3],
  ['Priya', 'Sharma', -1], ['Arjun', 'Patel', -1], ['Mei', 'Chen', -1], ['Hiroshi', 'Tanaka', -1],
  ['Fatima', 'El Amrani', -1], ['Omar', 'Haddad', -1],
];

const TENANTS = [
  {
    project_name: 'Acme Construction Ltd', emailDomain: 'acme-construction.example', prefix: 'ACME',
    offices: [
      { name: 'Milan Head Office', type: 'HEADQUARTERS', city: 'Milan', country: 'Italy' },
      { name: 'São Paulo Site', type: 'SITE', city: 'São Paulo', country: 'Brazil' },
    ],
  },
  {
    project_name: 'Northwind Logistics BV', emailDomain: 'northwind-logistics.example', prefix: 'NW',
    offices: [
      { name: 'Rotterdam Depot', type: 'WAREHOUSE', city: 'Rotterdam', country: 'Netherlands' },
      { name: 'Manchester Hub', type: 'WAREHOUSE', city: 'Manchester', country: 'United Kingdom' },
    ],
  },
] as const;

function emailLocal(first: string, last: string): string {
  const clean = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
  return `${clean(first)}.${clean(last)}`;
}

function telephone(rng: Prng, country: string): string {
  const d = (n: number) => rng.chars(n, '0123456789');
  switch (country) {
    case 'Italy': return `+39 3${d(2)} ${d(3)} ${d(4)}`;
    case 'Brazil': return `+55 11 9${d(4)}-${d(4)}`;
    case 'Netherlands': return `+31 6 ${d(4)} ${d(4)}`;
    default: return `+44 7${d(3)} ${d(6)}`;
  }
}

// ---------------------------------------------------------------- 4HSE catalogue

interface Template { name: string; action: FourHseActionType; unit: ValidityUnit; n: number }
const T = (name: string, action: FourHseActionType, unit: ValidityUnit, n: number): Template => ({ name, action, unit, n });

/** Trainings dominate, as in a real HSE register; HEALTH/PER are person-only per the doc. */
const PERSON_TEMPLATES: readonly Template[] = [
  T('Fire Safety Training Certificate', 'TRAINING', 'YEAR', 5), T('Working at Height', 'TRAINING', 'YEAR', 5),
  T('First Aid Level 2', 'TRAINING', 'YEAR', 3), T('General Safety Training for Workers', 'TRAINING', 'YEAR', 5),
  T('Manual Handling', 'TRAINING', 'YEAR', 3), T('Forklift Operator Licence', 'TRAINING', 'YEAR', 5),
  T('Confined Spaces Entry', 'TRAINING', 'YEAR', 3), T('Scaffolding Awareness', 'TRAINING', 'YEAR', 2),
  T('Emergency Evacuation Drill', 'TRAINING', 'MONTH', 12),
  T('Occupational Health Check', 'HEALTH', 'MONTH', 12), T('Audiometric Test', 'HEALTH', 'YEAR', 2),
  T('Spirometry Examination', 'HEALTH', 'YEAR', 2),
  T('Fall Arrest Harness Issue', 'PER', 'MONTH', 24), T('Respiratory Protection Fit Test', 'PER', 'YEAR', 1),
  T('Driving Licence Check', 'CHECK', 'DAY', 180),
];
const FORKLIFT = [T('Annual Forklift Maintenance', 'MAINTENANCE', 'YEAR', 1), T('Pre-use Safety Check', 'CHECK', 'DAY', 90)];
const LIFTING = [T('Periodic Lifting Equipment Inspection', 'MAINTENANCE', 'MONTH', 6), T('Hydraulic System Service', 'MAINTENANCE', 'YEAR', 1)];
const MACHINE = [T('Annual Maintenance', 'MAINTENANCE', 'YEAR', 1), T('Electrical Safety Test (PAT)', 'CHECK', 'YEAR', 1)];
const ENVIRONMENT = [
  T('HVAC Maintenance', 'MAINTENANCE', 'YEAR', 1), T('Emergency Lighting Maintenance', 'MAINTENANCE', 'MONTH', 6),
  T('Noise Exposure Assessment', 'CHECK', 'YEAR', 4), T('Air Quality Measurement', 'CHECK', 'YEAR', 1),
];
const SUBSTANCE = [T('Safety Data Sheet Review', 'CHECK', 'YEAR', 3), T('Chemical Exposure Risk Assessment', 'CHECK', 'YEAR', 2)];
const PPE = [T('Harness Inspection', 'CHECK', 'MONTH', 12), T('PPE Periodic Inspection', 'CHECK', 'MONTH', 6)];
const SCBA = [T('SCBA Annual Service', 'MAINTENANCE', 'YEAR', 1), T('PPE Periodic Inspection', 'CHECK', 'MONTH', 6)];
const OFFICE = [
  T('Fire Extinguisher Inspection', 'CHECK', 'MONTH', 6), T('Fire Risk Assessment', 'CHECK', 'YEAR', 3),
  T('Sprinkler System Maintenance', 'MAINTENANCE', 'YEAR', 1),
];

/** Non-person resources per tenant: [type, name, office index within tenant, templates]. */
const THINGS: ReadonlyArray<ReadonlyArray<readonly [FourHseResourceType, string, number, readonly Template[]]>> = [
  [
    ['EQUIPMENT', 'Forklift Linde H25 #3', 0, FORKLIFT], ['EQUIPMENT', 'Mobile Crane Liebherr LTM 1050', 1, LIFTING],
    ['EQUIPMENT', 'Scissor Lift Genie GS-1930', 1, LIFTING], ['EQUIPMENT', 'Concrete Mixer Imer Syntesi 350', 1, MACHINE],
    ['WORK_ENVIRONMENT', 'São Paulo Site - Excavation Area', 1, ENVIRONMENT], ['WORK_ENVIRONMENT', 'Milan Site Office Container', 0, ENVIRONMENT],
    ['SUBSTANCE', 'Portland Cement CEM II', 1, SUBSTANCE], ['SUBSTANCE', 'Diesel Fuel', 0, SUBSTANCE],
    ['MATERIAL_ITEM', 'Fall Arrest Harness Petzl Newton #12', 1, PPE], ['MATERIAL_ITEM', 'Safety Helmet Batch 2023-07', 0, PPE],
  ],
  [
    ['EQUIPMENT', 'Forklift Linde H25 #1', 0, FORKLIFT], ['EQUIPMENT', 'Reach Truck Jungheinrich ETV 214', 0, FORKLIFT],
    ['EQUIPMENT', 'Pallet Wrapper Robopac #2', 1, MACHINE], ['EQUIPMENT', 'Dock Leveller Bay 4', 1, MACHINE],
    ['WORK_ENVIRONMENT', 'Warehouse A - Loading Bay', 0, ENVIRONMENT], ['WORK_ENVIRONMENT', 'Cold Storage Room 2', 1, ENVIRONMENT],
    ['SUBSTANCE', 'Sodium Hypochlorite 12%', 0, SUBSTANCE], ['SUBSTANCE', 'Acetone', 1, SUBSTANCE],
    ['MATERIAL_ITEM', 'Self-contained Breathing Apparatus #2', 0, SCBA],
  ],
];

const NOTES = [
  'Renewal booked with the training provider.', 'Scanned copy on file.', 'Issued by external provider.',
  'Refresher course required before expiry.', 'Verified by the site HSE manager.', 'Original kept at the site office.',
];

function dataFor(rng: Prng, action: FourHseActionType, release: string): Record<string, unknown> {
  switch (action) {
    case 'TRAINING': return { provider: rng.pick(['SafeWork Academy', 'Formazione Sicura Srl', 'NIBHV', 'St John Ambulance']), hours: rng.pick([4, 8, 12, 16]), outcome: 'PASSED' };
    case 'HEALTH': return { judgement: rng.pick(['FIT', 'FIT', 'FIT_WITH_LIMITATIONS']), physician: rng.pick(['Dr. Conti', 'Dr. Peeters', 'Dr. Moreira']) };
    case 'MAINTENANCE': return { work_order: `WO-${release.slice(0, 4)}-${rng.int(100, 999)}`, technician: rng.pick(['Linde Service', 'TecnoLift Srl', 'In-house']) };
    case 'PER': return { size: rng.pick(['M', 'L', 'XL']), quantity: 1 };
    default: return { outcome: rng.pick(['COMPLIANT', 'COMPLIANT', 'MINOR_FINDINGS']), additional_info: 'Checklist attached to the paper register.' };
  }
}

// ---------------------------------------------------------------- other catalogues

const SPRINGEST_CERTIFICATIONS: ReadonlyArray<readonly [string, string, number | null, string]> = [
  ['ITIL 4 Foundation', 'Foundation level of the ITIL 4 IT service management framework.', null, 'PeopleCert'],
  ['PRINCE2 Foundation', 'Foundation level of the PRINCE2 project management method.', null, 'PeopleCert'],
  ['PRINCE2 Practitioner', 'Practitioner level of PRINCE2; to be renewed every three years.', 3, 'PeopleCert'],
  ['VCA Basis', 'Basic safety, health and environment checklist for contractors (B-VCA).', 10, 'Examenbureau VCA'],
  ['VCA VOL', 'VCA for operational managers (VOL-VCA).', 10, 'Examenbureau VCA'],
  ['BHV', 'Bedrijfshulpverlening: in-company emergency response, yearly refresher.', 1, 'NIBHV'],
  ['EHBO', 'First aid diploma of Het Oranje Kruis.', 2, 'Het Oranje Kruis'],
  ['NEN 3140 VOP', 'Sufficiently instructed person for low-voltage electrical work.', 3, 'Volta Academy'],
  ['Professional Scrum Master I', 'PSM I assessment by Scrum.org.', null, 'Scrum.org'],
  ['Lean Six Sigma Green Belt', 'Process improvement with Lean Six Sigma, Green Belt level.', null, 'Lean Six Sigma Group'],
];

const ENSINIO_GROUPS: ReadonlyArray<readonly [number, string, number, number | null]> = [
  [12, 'Curso Completo de Marketing', 40, null], [14, 'E-book Vendas', 8, null],
  [17, 'NR-35 Trabalho em Altura', 8, 24], [21, 'NR-10 Segurança em Instalações Elétricas', 40, 24],
  [23, 'NR-33 Espaços Confinados', 16, 12], [26, 'Primeiros Socorros', 8, 24],
  [30, 'Liderança e Gestão de Equipes', 20, null], [33, 'Excel Avançado', 12, null],
];

const FALKOR_STORIES: ReadonlyArray<readonly [string, string]> = [
  ['Welcome to Northwind', 'Story'], ['Warehouse Safety Basics', 'story'], ['Forklift Pre-Use Check', 'Assessment'],
  ['Employee Engagement Survey', 'SURVEY'], ['Anti-Bribery and Corruption', 'Scorm'], ['GDPR Essentials Quiz', 'assessment'],
];
const FALKOR_GROUPS = ['Sales', 'Warehouse', 'Operations', 'Customer Service', 'Drivers', 'Management'];

// ---------------------------------------------------------------- generation

export function createSeed(opts: SeedOptions): SeedData {
  const seed = opts.seed ?? 42;
  const today = opts.today;
  dayMs(today); // validates
  const rng = new Prng(seed);

  // Tenants and offices first: people are placed in an office.
  const tenants: FourHseTenant[] = TENANTS.map((t) => ({
    tenant_id: rng.uuid(), project_name: t.project_name, emailDomain: t.emailDomain,
    offices: t.offices.map((o) => ({ office_id: rng.uuid(), ...o })),
  }));
  const allOffices = tenants.flatMap((t) => t.offices.map((o) => ({ tenant: t, office: o })));

  // The first four people are in every source so cross-source tests have fixed anchors.
  const people: (SeedPerson & { officeId: string })[] = PEOPLE.map(([first, last, officeIdx], i) => {
    const { tenant, office } = officeIdx >= 0 ? allOffices[officeIdx] : rng.pick(allOffices);
    const anchor = i < 4;
    return {
      firstName: first, lastName: last, fullName: `${first} ${last}`,
      email: `${emailLocal(first, last)}@${tenant.emailDomain}`,
      company: tenant.project_name, city: office.city, country: office.country,
      telephone: rng.chance(0.25) ? '' : telephone(rng, office.country),
      officeId: office.office_id,
      fourhse: anchor || rng.chance(0.85) ? { resourceId: rng.uuid(), resourceName: `${last} ${first}`, tenantId: tenant.tenant_id } : null,
      springest: anchor || rng.chance(0.55) ? { externalId: rng.chance(0.1) ? null : `${TENANTS[tenants.indexOf(tenant)].prefix}-${String(rng.int(100, 9999)).padStart(5, '0')}` } : null,
      ensinio: null,
      falkor: anchor || rng.chance(0.5) ? { groups: rng.shuffle(FALKOR_GROUPS).slice(0, rng.int(1, 2)) } : null,
    };
  });
  // Ensinio user ids grow with gaps (deleted accounts), as an auto-increment would.
  let nextUser = 9001;
  for (const [i, p] of people.entries()) {
    if (i < 4 || rng.chance(0.5)) { p.ensinio = { userId: nextUser }; nextUser += rng.int(1, 7); }
  }
  // Nobody should exist in no source at all.
  for (const p of people) if (!p.fourhse && !p.springest && !p.ensinio && !p.falkor) p.falkor = { groups: [rng.pick(FALKOR_GROUPS)] };

  const fourhse = seedFourHse(rng, today, tenants, people);
  const springest = seedSpringest(rng, today, people);
  const ensinio = seedEnsinio(rng, today, people);
  const falkor = seedFalkor(rng, today, people);
  return { seed, today, people: people.map(({ officeId: _o, ...p }) => p), fourhse, springest, ensinio, falkor };
}

function seedFourHse(rng: Prng, today: string, tenants: FourHseTenant[], people: (SeedPerson & { officeId: string })[]): FourHseSeed {
  const resources: FourHseResource[] = [];
  const plan: { resource: FourHseResource; template: Template }[] = [];
  for (const p of people) {
    if (!p.fourhse) continue;
    const resource: FourHseResource = { resource_id: p.fourhse.resourceId, resource_type: 'PERSON', resource_name: p.fourhse.resourceName, tenant_id: p.fourhse.tenantId, office_id: p.officeId };
    resources.push(resource);
    for (const template of rng.shuffle(PERSON_TEMPLATES).slice(0, rng.int(2, 4))) plan.push({ resource, template });
  }
  tenants.forEach((tenant, ti) => {
    const things: [FourHseResourceType, string, string, readonly Template[]][] = [
      ...THINGS[ti].map(([type, name, oi, templates]) => [type, name, tenant.offices[oi].office_id, templates] as [FourHseResourceType, string, string, readonly Template[]]),
      ...tenant.offices.map((o) => ['OFFICE', o.name, o.office_id, OFFICE] as [FourHseResourceType, string, string, readonly Template[]]),
    ];
    for (const [type, name, officeId, templates] of things) {
      // An office is its own resource: its resource_id is the office id (the subtenant).
      const resource: FourHseResource = { resource_id: type === 'OFFICE' ? officeId : rng.uuid(), resource_type: type, resource_name: name, tenant_id: tenant.tenant_id, office_id: officeId };
      resources.push(resource);
      for (const template of templates) if (rng.chance(0.85)) plan.push({ resource, template });
    }
  });

  const tenantById = new Map(tenants.map((t) => [t.tenant_id, t]));
  const bucketList = buckets(rng, plan.length, { expired: 0.15, soon: 0.12, never: 0.06 });
  const certificates = plan.map(({ resource, template }, i): FourHseCertificate => {
    const bucket = bucketList[i];
    const tenant = tenantById.get(resource.tenant_id)!;
    const office = tenant.offices.find((o) => o.office_id === resource.office_id)!;
    const dates = bucket === 'never' ? { release: addDays(today, -rng.int(30, 1800)), expire: null } : datesFor(rng, today, bucket, template.unit, template.n);
    const withOffice = rng.chance(0.7);
    return {
      certificate_id: rng.uuid(),
      date_release: dates.release,
      date_expire: dates.expire,
      name: template.name,
      note: rng.chance(0.25) ? rng.pick(NOTES) : null,
      action_type: template.action,
      resource_id: resource.resource_id,
      resource_type: resource.resource_type,
      resource_name: resource.resource_name,
      data: rng.chance(0.4) ? dataFor(rng, template.action, dates.release) : null,
      warning: rng.chance(bucket === 'expired' || bucket === 'soon' ? 0.35 : 0.03) ? 1 : 0,
      tenant_id: tenant.tenant_id,
      subtenant_id: withOffice ? office.office_id : null,
      subtenant_type: withOffice ? office.type : null,
      validity_unit: bucket === 'never' ? null : template.unit,
      validity: bucket === 'never' ? null : template.n,
      project_name: tenant.project_name,
    };
  });
  return { tenants, resources, certificates };
}

function isoDateTime(rng: Prng, date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + rng.int(7 * 3600, 18 * 3600) * 1000).toISOString();
}

function seedSpringest(rng: Prng, today: string, people: SeedPerson[]): SpringestSeed {
  let id = 1000;
  const certifications = SPRINGEST_CERTIFICATIONS.map(([name, description, years]) => ({ id: (id += rng.int(3, 60)), name, description, requires_valid_until: years !== null }));
  const holders = people.filter((p) => p.springest);
  const pairs: { person: SeedPerson; index: number }[] = [];
  const seen = new Set<string>();
  while (pairs.length < 80) {
    const person = rng.pick(holders);
    const index = rng.int(0, certifications.length - 1);
    const key = `${person.email}|${index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ person, index });
  }
  const expiring = pairs.filter((p) => certifications[p.index].requires_valid_until);
  const bucketList = buckets(rng, expiring.length, { expired: 0.15, soon: 0.12, never: 0 });
  const rows = pairs.map(({ person, index }) => {
    const [name, , years, provider] = SPRINGEST_CERTIFICATIONS[index];
    const b = years === null ? null : bucketList[expiring.findIndex((e) => e.person === person && e.index === index)];
    const dates = b === null || b === 'never' ? { release: addDays(today, -rng.int(20, 1500)), expire: null } : datesFor(rng, today, b, 'YEAR', years!);
    const pending = rng.chance(0.08);
    // Uploaded some days after the exam; pending ones are recent uploads awaiting verification.
    const age = daysBetween(dates.release, today);
    const createdDay = pending ? addDays(today, -Math.min(rng.int(0, 10), age)) : addDays(dates.release, Math.min(rng.int(0, 21), age));
    return {
      name, description: `${name} diploma, exam passed at ${provider}.`, certification_id: certifications[index].id,
      valid_from: dates.release, valid_until: dates.expire, status: pending ? ('pending' as const) : ('verified' as const),
      created_at: isoDateTime(rng, createdDay), user: { email: person.email, external_id: person.springest!.externalId },
    };
  });
  // Ids grow with upload time, as an auto-increment would.
  rows.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  let certId = 50200;
  const certificates = rows.map((r): SpringestCertificate => ({ id: (certId += rng.int(1, 37)), ...r }));
  return { certifications, certificates };
}

function seedEnsinio(rng: Prng, today: string, people: SeedPerson[]): EnsinioSeed {
  const platformUrl = 'https://academia-acme.ensinio.cloud';
  const groups = ENSINIO_GROUPS.map(([id, name, hours, validityMonths]) => ({ id, name, hours, validityMonths }));
  const users: EnsinioUser[] = people.filter((p) => p.ensinio).map((p) => ({
    id: p.ensinio!.userId, name: p.fullName, email: p.email,
    photo: rng.chance(0.3) ? null : `https://cdn.ensinio.example/users/${p.ensinio!.userId}.jpg`,
  }));
  const pairs: { user: EnsinioUser; group: EnsinioGroup }[] = [];
  const seen = new Set<string>();
  while (pairs.length < 80) {
    const user = rng.pick(users);
    const group = rng.pick(groups);
    if (seen.has(`${user.id}|${group.id}`)) continue;
    seen.add(`${user.id}|${group.id}`);
    pairs.push({ user, group });
  }
  const expiring = pairs.filter((p) => p.group.validityMonths !== null);
  const bucketList = buckets(rng, expiring.length, { expired: 0.15, soon: 0.12, never: 0 });
  // One or two in-progress enrolments without a conclusion date (documented as nullable).
  const unfinished = new Set(rng.shuffle(pairs.filter((p) => p.group.validityMonths === null)).slice(0, 2));
  const rows = pairs.map((pair) => {
    const { user, group } = pair;
    const b = group.validityMonths === null ? null : bucketList[expiring.indexOf(pair)];
    const dates = b === null || b === 'never' ? { release: addDays(today, -rng.int(10, 1200)), expire: null } : datesFor(rng, today, b, 'MONTH', group.validityMonths!);
    const done = !unfinished.has(pair);
    return {
      user_id: user.id, group_id: group.id, group_name: group.name,
      alternative_name: rng.chance(0.15) ? `Cert. ${group.name.split(' ').slice(0, 2).join(' ')} ${dates.release.slice(0, 4)}` : null,
      member_name: user.name, platform_name: 'Academia Acme',
      average_grade: rng.chance(0.25) ? null : rng.int(60, 100) / 10,
      member_photo: user.photo,
      hash: rng.chars(16, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      ch: rng.chance(0.5) ? `${group.hours}h` : group.hours,
      conclusion_date: done ? dates.release : null,
      subscription_date: addDays(dates.release, -rng.int(7, 90)),
      expiration_date: done ? dates.expire : null,
    };
  });
  // Ids follow enrolment order; gaps stand for revoked certificates.
  rows.sort((a, b) => (a.subscription_date < b.subscription_date ? -1 : a.subscription_date > b.subscription_date ? 1 : 0));
  let id = 100;
  const certificates = rows.map(({ hash, ...r }): EnsinioCertificate => {
    id += rng.chance(0.15) ? 2 : 1;
    const { user_id, group_id, group_name, alternative_name, member_name, platform_name, average_grade, member_photo, ch, conclusion_date, subscription_date, expiration_date } = r;
    // Field order as in the vendor's example.
    return { id, user_id, group_id, group_name, alternative_name, member_name, platform_name, average_grade, member_photo, link: `${platformUrl}/certificados/${id}`, hash, ch, conclusion_date, subscription_date, expiration_date };
  });
  return { platformName: 'Academia Acme', platformUrl, groups, users, certificates };
}

/** Local wall-clock offset of the person's city; DST approximated as April..October. */
export function utcOffsetMinutes(country: string, month: number): number {
  const summer = month >= 4 && month <= 10;
  if (country === 'Brazil') return -180;
  if (country === 'United Kingdom') return summer ? 60 : 0;
  return summer ? 120 : 60;
}

function falkorTimestamp(rng: Prng, date: string, country: string): string {
  const offset = utcOffsetMinutes(country, Number(date.slice(5, 7)));
  const local = new Date(Date.parse(`${date}T00:00:00Z`) + rng.int(8 * 3600, 19 * 3600) * 1000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function seedFalkor(rng: Prng, today: string, people: SeedPerson[]): FalkorSeed {
  const storyId = () => [4, 4, 4].map((n) => rng.chars(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')).join('-');
  const app = { ID: storyId(), name: 'Northwind Academy' };
  const stories = FALKOR_STORIES.map(([name, type]) => ({ name, type, ID: storyId() }));
  const users: FalkorUser[] = people.filter((p) => p.falkor).map((p) => ({
    firstname: p.firstName, lastname: p.lastName, email: p.email, telephone: p.telephone, country: p.country, city: p.city, groups: p.falkor!.groups,
  }));
  const certificates: (FalkorSeedCertificate & { at: string })[] = [];
  const seen = new Set<string>();
  while (certificates.length < 60) {
    const user = rng.pick(users);
    const story = rng.pick(stories);
    if (seen.has(`${user.email}|${story.ID}`)) continue;
    seen.add(`${user.email}|${story.ID}`);
    const day = addDays(today, -rng.int(1, 700)); // never today: a local time later than now would be in the future
    const timestamp = falkorTimestamp(rng, day, user.country);
    certificates.push({
      storyId: story.ID, at: day,
      item: {
        firstname: user.firstname, lastname: user.lastname, email: user.email, telephone: user.telephone, country: user.country, city: user.city,
        certificate: { timestamp, state: 'delivered', url: `https://certificates.falkor.example/c/${rng.chars(32, '0123456789abcdef')}` },
      },
    });
  }
  // A few are still being generated: pending, and no permalink yet.
  for (const c of rng.shuffle(certificates).slice(0, 5)) c.item.certificate = { ...c.item.certificate, state: 'pending', url: '' };
  certificates.sort((a, b) => Date.parse(a.item.certificate.timestamp) - Date.parse(b.item.certificate.timestamp));
  return { app, stories, groups: [...FALKOR_GROUPS], users, certificates: certificates.map(({ storyId, item }) => ({ storyId, item })) };
}
