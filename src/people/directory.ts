import type { SourceName } from '../domain';
import type { PersonEntry } from './people-file';

/** A name compared across sources: accents, case, punctuation and word order folded ("Rossi, María" = "maria rossi"). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** The local part of an email as a name ("maria.rossi" → "maria rossi"), for likely matches. */
export function localPartName(email: string): string {
  return normalizeName(email.split('@')[0].replace(/[._-]+/g, ' '));
}

const holderKey = (source: SourceName, id: string) => `${source}\u0000${id}`;

/**
 * The people of one version of PEOPLE_FILE, indexed: by email, by linked
 * holder, by tag and by normalized name. Immutable: a reload builds a new one.
 */
export class PeopleDirectory {
  readonly people: readonly PersonEntry[];
  private readonly byEmail: ReadonlyMap<string, PersonEntry>;
  private readonly byHolder: ReadonlyMap<string, PersonEntry>;
  private readonly byName: ReadonlyMap<string, PersonEntry[]>;
  private readonly byLocalPart: ReadonlyMap<string, PersonEntry[]>;
  /** Every tag some person carries. */
  readonly tags: ReadonlySet<string>;

  constructor(people: readonly PersonEntry[]) {
    this.people = people;
    this.byEmail = new Map(people.map((p) => [p.email, p]));
    this.byHolder = new Map(people.flatMap((p) => [...p.holders].map(([s, id]) => [holderKey(s, id), p] as const)));
    const index = (key: (p: PersonEntry) => string) => {
      const m = new Map<string, PersonEntry[]>();
      for (const p of people) {
        const k = key(p);
        if (k) m.set(k, [...(m.get(k) ?? []), p]);
      }
      return m;
    };
    this.byName = index((p) => normalizeName(p.name));
    this.byLocalPart = index((p) => localPartName(p.email));
    this.tags = new Set(people.flatMap((p) => p.tags));
  }

  static readonly EMPTY = new PeopleDirectory([]);

  /** `email` lower-cased. */
  byEmailOf(email: string): PersonEntry | undefined {
    return this.byEmail.get(email);
  }

  /** The person the file links to this holder, if any. */
  linkedTo(source: SourceName, id: string): PersonEntry | undefined {
    return this.byHolder.get(holderKey(source, id));
  }

  /**
   * People this holder may be: the same normalized name (NAME); else the
   * holder's name or email local part equal to a person's email local part,
   * or the holder's email local part equal to a person's name (EMAIL_LOCAL_PART).
   */
  likelyMatches(name: string | null, email: string | null): { person: PersonEntry; reason: 'NAME' | 'EMAIL_LOCAL_PART' }[] {
    const out = new Map<string, { person: PersonEntry; reason: 'NAME' | 'EMAIL_LOCAL_PART' }>();
    const add = (found: readonly PersonEntry[] | undefined, reason: 'NAME' | 'EMAIL_LOCAL_PART') => {
      for (const person of found ?? []) if (!out.has(person.email)) out.set(person.email, { person, reason });
    };
    const n = name ? normalizeName(name) : '';
    const l = email ? localPartName(email) : '';
    if (n) add(this.byName.get(n), 'NAME');
    if (n) add(this.byLocalPart.get(n), 'EMAIL_LOCAL_PART');
    if (l) add(this.byLocalPart.get(l), 'EMAIL_LOCAL_PART');
    if (l) add(this.byName.get(l), 'EMAIL_LOCAL_PART');
    return [...out.values()];
  }
}
