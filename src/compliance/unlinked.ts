import type { CertificateRecord, ResourceRecord } from '../domain';
import type { PeopleDirectory } from '../people/directory';
import type { PersonEntry } from '../people/people-file';

export interface Unlinked {
  holder: ResourceRecord;
  certificateCount: number;
  likelyMatches: { person: PersonEntry; reason: 'NAME' | 'EMAIL_LOCAL_PART' }[];
}

/**
 * The holders of one source's certificates that the people file does not
 * link (by holder id; by email too where the source carries emails), each
 * with the people it may be: the same normalized name, or a name equal to
 * the local part of their email. Holders that are not people (4HSE
 * equipment, substances …) are left out. Sorted by holder name, then id.
 */
export function unlinkedHolders(certificates: readonly CertificateRecord[], people: PeopleDirectory, carriesEmail: boolean): Unlinked[] {
  const byHolder = new Map<string, Unlinked>();
  for (const c of certificates) {
    const h = c.holder;
    if (h.type !== null && h.type !== 'PERSON') continue;
    if (people.linkedTo(h.source, h.sourceId)) continue;
    if (carriesEmail && h.email && people.byEmailOf(h.email.toLowerCase())) continue;
    const u = byHolder.get(h.sourceId);
    if (u) u.certificateCount += 1;
    else byHolder.set(h.sourceId, { holder: h, certificateCount: 1, likelyMatches: people.likelyMatches(h.name, h.email) });
  }
  return [...byHolder.values()].sort((a, b) => (a.holder.name ?? '').localeCompare(b.holder.name ?? '') || (a.holder.sourceId < b.holder.sourceId ? -1 : 1));
}
