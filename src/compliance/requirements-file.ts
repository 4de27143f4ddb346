/**
 * The requirements file (REQUIREMENTS_FILE), YAML or JSON (JSON is read as
 * YAML, so both report lines):
 *
 * ```yaml
 * requirementSets:
 *   site-safety:
 *     description: Everyone working on a site
 *     assignTo: [site:milan, role:welder]   # people with any of these tags
 *     include: [first-aid]                  # the requirements of other sets too
 *     requirements:
 *       - id: working-at-height
 *         name: Working at height
 *         actionType: TRAINING              # all the conditions given must hold
 *         namePattern: "height|ladder"      # case-insensitive regex on the certificate, certification or story name
 *         certificationId: <a Certification ID>
 *         minRemainingDays: 14              # a certificate expiring sooner does not count
 *         expiringWithinDays: 60            # EXPIRING window (default EXPIRING_WITHIN_DAYS)
 * ```
 *
 * Pure: text in, the sets or the first error (with its line) out.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { SourceRef } from '../query';
import { FileProblem } from '../people/people-file';

/** What a certificate must be to satisfy a requirement: every condition given holds. */
export interface Requirement {
  /** The set that defines it. */
  set: string;
  id: string;
  name: string;
  certification: SourceRef | null;
  /** The Certification ID as written in the file. */
  certificationId: string | null;
  actionType: string | null;
  namePattern: RegExp | null;
  minRemainingDays: number;
  /** null: EXPIRING_WITHIN_DAYS. */
  expiringWithinDays: number | null;
}

export interface RequirementSet {
  name: string;
  description: string | null;
  assignTo: string[];
  /** Sets included by name, directly. */
  include: string[];
  /** Its own requirements (not those of included sets). */
  requirements: Requirement[];
}

export interface RequirementsCheck {
  /** The action types a requirement may name. */
  actionTypes: readonly string[];
  /** A Certification ID decoded, or null when it is not one. */
  decodeCertification(id: string): SourceRef | null;
  /** Tags people carry; an assigned tag outside it is an error. Undefined: not checked. */
  knownTags?: ReadonlySet<string>;
}

const SET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const TAG = /^(team|site|role):[^\s,;|:]{1,100}$/;
const SET_KEYS = new Set(['description', 'assignTo', 'include', 'requirements']);
const REQ_KEYS = new Set(['id', 'name', 'certificationId', 'actionType', 'namePattern', 'minRemainingDays', 'expiringWithinDays']);

/** Reads and checks a requirements file; throws FileProblem with the line (and the key, as `column`) of the first error. */
export function parseRequirementsFile(text: string, check: RequirementsCheck): RequirementSet[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new FileProblem(null, null, lines.linePos(e.pos[0]).line, `not valid YAML/JSON: ${e.message.split('\n')[0]}`);
  }
  const at = (path: readonly (string | number)[], key: string | null, message: string) => new FileProblem(null, key, lineOf(doc, lines, path), message);
  const root: unknown = doc.toJS();
  if (!isObject(root)) throw at([], null, 'must be a map with a requirementSets key');
  for (const k of Object.keys(root)) if (k !== 'requirementSets') throw at([k], k, `unknown key "${k}"; expected requirementSets`);
  const sets = root.requirementSets;
  if (!isObject(sets)) throw at(['requirementSets'], 'requirementSets', 'requirementSets must be a map of set name to set');
  const out: RequirementSet[] = [];
  for (const [name, raw] of Object.entries(sets)) {
    const p = ['requirementSets', name];
    if (!SET_NAME.test(name)) throw at(p, name, `set name "${name.slice(0, 80)}" must be letters, digits, _ . - (at most 64)`);
    if (!isObject(raw)) throw at(p, name, `set ${name} must be a map`);
    for (const k of Object.keys(raw)) if (!SET_KEYS.has(k)) throw at([...p, k], k, `unknown key "${k}" in set ${name}; expected ${[...SET_KEYS].join(', ')}`);
    if (raw.description !== undefined && raw.description !== null && typeof raw.description !== 'string') throw at([...p, 'description'], 'description', `description of set ${name} must be a string`);
    const description = typeof raw.description === 'string' ? raw.description : null;
    const assignTo = stringList(raw.assignTo, () => at([...p, 'assignTo'], 'assignTo', `assignTo of set ${name} must be a list of tags`));
    assignTo.forEach((t, i) => {
      if (!TAG.test(t)) throw at([...p, 'assignTo', i], 'assignTo', `tag "${t.slice(0, 80)}" of set ${name} must be team:<name>, site:<name> or role:<name>`);
      if (check.knownTags && !check.knownTags.has(t)) throw at([...p, 'assignTo', i], 'assignTo', `unknown tag "${t}" in set ${name}: no person in the people file has it`);
    });
    const include = stringList(raw.include, () => at([...p, 'include'], 'include', `include of set ${name} must be a list of set names`));
    include.forEach((s, i) => {
      if (!Object.hasOwn(sets, s)) throw at([...p, 'include', i], 'include', `set ${name} includes unknown set "${s.slice(0, 80)}"`);
    });
    if (!Array.isArray(raw.requirements)) throw at([...p, 'requirements'], 'requirements', `set ${name} needs a requirements list`);
    const ids = new Set<string>();
    const requirements = (raw.requirements as unknown[]).map((r, i) => {
      const rp = [...p, 'requirements', i];
      const req = toRequirement(name, r, (k, m) => at(k ? [...rp, k] : rp, k, m), check);
      if (ids.has(req.id)) throw at([...rp, 'id'], 'id', `requirement id "${req.id}" appears twice in set ${name}`);
      ids.add(req.id);
      return req;
    });
    out.push({ name, description, assignTo, include, requirements });
  }
  const cycle = findCycle(out);
  if (cycle) throw at(['requirementSets', cycle[0], 'include'], 'include', `sets include each other in a cycle: ${cycle.join(' → ')}`);
  return out;
}

function toRequirement(set: string, r: unknown, at: (key: string | null, message: string) => FileProblem, check: RequirementsCheck): Requirement {
  if (!isObject(r)) throw at(null, `each requirement of set ${set} must be a map`);
  for (const k of Object.keys(r)) if (!REQ_KEYS.has(k)) throw at(k, `unknown key "${k}" in a requirement of set ${set}; expected ${[...REQ_KEYS].join(', ')}`);
  const str = (k: string): string | null => {
    const v = r[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' && typeof v !== 'number') throw at(k, `${k} must be a string`);
    return String(v).trim() || null;
  };
  const days = (k: string): number | null => {
    const v = r[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 3650) throw at(k, `${k} must be a whole number of days from 0 to 3650, got ${JSON.stringify(v)}`);
    return v;
  };
  const id = str('id');
  if (!id || !SET_NAME.test(id)) throw at('id', `a requirement of set ${set} needs an id of letters, digits, _ . - (at most 64)`);
  const actionType = str('actionType');
  if (actionType !== null && !check.actionTypes.includes(actionType)) throw at('actionType', `unknown actionType "${actionType.slice(0, 40)}"; expected one of ${check.actionTypes.join(', ')}`);
  const patternText = str('namePattern');
  let namePattern: RegExp | null = null;
  if (patternText !== null) {
    if (patternText.length > 200) throw at('namePattern', 'namePattern must be at most 200 characters');
    try {
      namePattern = new RegExp(patternText, 'iu');
    } catch (e) {
      throw at('namePattern', `namePattern is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  const certificationId = str('certificationId');
  const certification = certificationId === null ? null : check.decodeCertification(certificationId);
  if (certificationId !== null && !certification) throw at('certificationId', `certificationId "${certificationId.slice(0, 80)}" is not a Certification ID of this gateway`);
  if (!actionType && !namePattern && !certification) throw at(null, `requirement ${id} of set ${set} needs at least one of certificationId, actionType, namePattern`);
  return {
    set,
    id,
    name: str('name') ?? id,
    certification,
    certificationId,
    actionType,
    namePattern,
    minRemainingDays: days('minRemainingDays') ?? 0,
    expiringWithinDays: days('expiringWithinDays'),
  };
}

/** The first cycle of includes, as the names along it (first = last), or null. */
function findCycle(sets: readonly RequirementSet[]): string[] | null {
  const byName = new Map(sets.map((s) => [s.name, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const inc of byName.get(name)?.include ?? []) {
      const c = visit(inc);
      if (c) return c;
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const s of sets) {
    const c = visit(s.name);
    if (c) return c;
  }
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, bad: () => FileProblem): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad();
  return v.map((x: string) => x.trim());
}

/** The 1-based line of the node at `path` (the nearest ancestor that exists), or null. */
function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    // A map key: its pair's key node holds the position when the value is empty.
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return null;
}
