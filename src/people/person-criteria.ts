import type { SourceName } from '../domain';
import { candidateSources, type CertificateCriteria, type ListableSource } from '../query';

/** A person as a list sees them: their email and the holder the people file links in each source. */
export interface PersonHolders {
  email: string;
  holders: ReadonlyMap<SourceName, string>;
}

/**
 * The criteria of a person's certificates in each source that can hold them,
 * in registry order: the linked holder where the people file names one (4HSE
 * resource uuid, Ensinio user id: pushed upstream as the source's holder
 * filter), else the email in sources whose certificates carry it. Sources
 * where the person is neither linked nor matchable, or that `base` excludes
 * (its sources, action type, story, another holder), are left out.
 */
export function personCriteria(p: PersonHolders, base: CertificateCriteria, configured: readonly ListableSource[]): Map<SourceName, CertificateCriteria> {
  const out = new Map<SourceName, CertificateCriteria>();
  for (const m of configured) {
    const linked = p.holders.get(m.name);
    let c: CertificateCriteria;
    if (linked !== undefined) {
      if (base.holder && (base.holder.source !== m.name || base.holder.sourceId !== linked)) continue;
      const { holderEmail: _e, ...rest } = base;
      c = { ...rest, holder: { source: m.name, sourceId: linked } };
    } else if (m.capabilities.holderEmail) {
      c = { ...base, holderEmail: p.email };
    } else continue;
    if (candidateSources(c, [m]).length === 1) out.set(m.name, c);
  }
  return out;
}
