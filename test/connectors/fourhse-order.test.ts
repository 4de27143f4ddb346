import { collationKey, compareValues, sortLocal, type OrderDirection } from '../../src/query';
import type { CertificateRecord } from '../../src/domain';
import { placementFromEnds, type NullPlacement } from '../../src/connectors/fourhse/client';
import { arrangeNulls, placementFromPage, planWindow, upstreamRanges } from '../../src/connectors/fourhse/loaders';

/** A stream of T items, K of them null, as the gateway orders it and as an upstream with a given placement does. */
function model(T: number, K: number) {
  const values = Array.from({ length: T - K }, (_, i) => `v${String(i).padStart(3, '0')}`);
  const nulls = Array.from({ length: K }, (_, i) => `n${String(i).padStart(3, '0')}`);
  const gateway = (d: OrderDirection) => (d === 'ASC' ? [...values, ...nulls] : [...nulls, ...[...values].reverse()]);
  // Upstream ties (the nulls) keep one order in both directions, as Yii's id tie-break does.
  const upstream = (d: OrderDirection, p: NullPlacement) => {
    const vals = d === 'ASC' ? values : [...values].reverse();
    const nullsFirst = (p === 'smallest') === (d === 'ASC');
    return nullsFirst ? [...nulls, ...vals] : [...vals, ...nulls];
  };
  return { values, nulls, gateway, upstream };
}

describe('4HSE window arithmetic', () => {
  it('planWindow + upstreamRanges give exactly the gateway window, for every size, null count, placement, direction, offset and limit', () => {
    let checked = 0;
    const wrong: string[] = [];
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    for (let T = 0; T <= 9; T++) {
      for (let K = 0; K <= T; K++) {
        const m = model(T, K);
        for (const d of ['ASC', 'DESC'] as const) {
          for (const p of ['smallest', 'largest'] as const) {
            const up = m.upstream(d, p);
            for (let offset = 0; offset <= T + 1; offset++) {
              for (let limit = 0; limit <= T + 2; limit++) {
                const want = m.gateway(d).slice(offset, offset + limit);
                const r = upstreamRanges(d, p, K, T, offset, limit);
                const vals = r.values ? up.slice(r.values.start, r.values.end) : [];
                const nulls = r.nulls ? up.slice(r.nulls.start, r.nulls.end) : [];
                const got = d === 'ASC' ? [...vals, ...nulls] : [...nulls, ...vals];
                // The loader's form: values in value order, nulls from the list of nulls.
                const plan = planWindow(d, K, T, offset, limit);
                const inValueOrder = d === 'ASC' ? m.values : [...m.values].reverse();
                const v2 = plan.values ? inValueOrder.slice(plan.values.start, plan.values.end) : [];
                const n2 = plan.nulls ? m.nulls.slice(plan.nulls.start, plan.nulls.end) : [];
                const got2 = d === 'ASC' ? [...v2, ...n2] : [...n2, ...v2];
                if (!same(got, want) || !same(got2, want)) wrong.push(`T=${T} K=${K} ${d} ${p} offset=${offset} limit=${limit}: ${got.join()} / ${got2.join()}, want ${want.join()}`);
                checked++;
              }
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(5000);
  });

  it('states the rotation of the brief: nulls smallest, T=10, K=3', () => {
    // ASC: gateway o < 7 ↔ upstream o+3; o ≥ 7 ↔ upstream o−7.
    expect(upstreamRanges('ASC', 'smallest', 3, 10, 0, 4)).toEqual({ values: { start: 3, end: 7 }, nulls: null });
    expect(upstreamRanges('ASC', 'smallest', 3, 10, 5, 4)).toEqual({ values: { start: 8, end: 10 }, nulls: { start: 0, end: 2 } });
    // DESC: the 3 nulls, then upstream DESC positions 0..7.
    expect(planWindow('DESC', 3, 10, 0, 5)).toEqual({ nulls: { start: 0, end: 3 }, values: { start: 0, end: 2 } });
    expect(upstreamRanges('DESC', 'smallest', 3, 10, 4, 100)).toEqual({ nulls: null, values: { start: 1, end: 7 } });
    // Largest: every position maps to itself.
    expect(upstreamRanges('ASC', 'largest', 3, 10, 5, 4)).toEqual({ values: { start: 5, end: 7 }, nulls: { start: 7, end: 9 } });
    expect(upstreamRanges('DESC', 'largest', 3, 10, 2, 3)).toEqual({ nulls: { start: 2, end: 3 }, values: { start: 3, end: 5 } });
    // Past the end, and an empty list.
    expect(planWindow('ASC', 3, 10, 12, 5)).toEqual({ values: null, nulls: null });
    expect(planWindow('DESC', 0, 0, 0, 5)).toEqual({ values: null, nulls: null });
  });

  it('learns the placement from a sorted page where a null meets a value, or from both ends', () => {
    expect(placementFromPage([null, null, '2024-01-01'], false)).toBe('smallest');
    expect(placementFromPage(['2024-01-01', null], false)).toBe('largest');
    expect(placementFromPage([null, '2024-01-01'], true)).toBe('largest');
    expect(placementFromPage(['2024-01-01', '2023-01-01', null], true)).toBe('smallest');
    expect(placementFromPage(['a', 'b'], false)).toBeNull();
    expect(placementFromPage([null, null], true)).toBeNull();
    expect(placementFromPage([], false)).toBeNull();
    expect(placementFromEnds(null, '2030-01-01')).toBe('smallest');
    expect(placementFromEnds('2020-01-01', undefined)).toBe('largest');
    expect(placementFromEnds('2020-01-01', '2030-01-01')).toBeNull();
    expect(placementFromEnds(null, null)).toBeNull();
  });

  it('arranges a whole upstream list in the gateway order, nulls by id when the upstream put them smallest', () => {
    const rec = (id: string, expiresOn: string | null) => ({ sourceId: id, expiresOn }) as CertificateRecord;
    const ids = (l: CertificateRecord[]) => l.map((c) => c.sourceId);
    // MySQL ascending: nulls first (in whatever order), then values.
    expect(ids(arrangeNulls([rec('z', null), rec('a', null), rec('m', '2020-01-01'), rec('b', '2021-01-01')], 'EXPIRES_ON', 'ASC'))).toEqual(['m', 'b', 'a', 'z']);
    // MySQL descending: values, then nulls.
    expect(ids(arrangeNulls([rec('b', '2021-01-01'), rec('m', '2020-01-01'), rec('z', null), rec('a', null)], 'EXPIRES_ON', 'DESC'))).toEqual(['a', 'z', 'b', 'm']);
    // Already the gateway's order: kept as it is, nulls included.
    const largest = [rec('m', '2020-01-01'), rec('z', null), rec('a', null)];
    expect(ids(arrangeNulls(largest, 'EXPIRES_ON', 'ASC'))).toEqual(['m', 'z', 'a']);
    expect(ids(arrangeNulls([rec('z', null), rec('m', '2020-01-01')], 'EXPIRES_ON', 'DESC'))).toEqual(['z', 'm']);
  });
});

describe('gateway collation (compareValues)', () => {
  const asc = (xs: (string | null)[]) => [...xs].sort((a, b) => compareValues(a, b, 'ASC'));

  it('is accent- and case-insensitive first, then deterministic', () => {
    expect(asc(['Zeta', 'Ezra', 'Élan', 'elan', 'Elan', 'ÉLAN', 'Alpha'])).toEqual(['Alpha', 'Elan', 'elan', 'ÉLAN', 'Élan', 'Ezra', 'Zeta']);
    expect(compareValues('Élan', 'Zeta', 'ASC')).toBeLessThan(0);
    expect(compareValues('Élan', 'Ezra', 'ASC')).toBeLessThan(0);
    expect(compareValues('Élan', 'elan', 'ASC')).toBeGreaterThan(0);
    expect(compareValues('Élan', 'Élan', 'ASC')).toBe(0);
  });

  it('folds letters without a decomposition, and composed and decomposed forms alike', () => {
    expect(collationKey('Straße')).toBe('strasse');
    expect(collationKey('Ærøskøbing')).toBe('aeroskobing');
    expect(collationKey('Łódź')).toBe('lodz');
    expect(collationKey('E\u0301lan')).toBe(collationKey('\u00c9lan'));
    expect(asc(['Strasse', 'Straße', 'Strb', 'Stras'])).toEqual(['Stras', 'Strasse', 'Straße', 'Strb']);
    expect(asc(['Ørsted', 'Oslo', 'Orbit', 'Otto'])).toEqual(['Orbit', 'Ørsted', 'Oslo', 'Otto']);
  });

  it('puts nulls last ascending and first descending; dates in byte order', () => {
    expect(asc([null, 'b', 'A'])).toEqual(['A', 'b', null]);
    expect([null, 'b', 'A'].sort((a, b) => compareValues(a, b, 'DESC'))).toEqual([null, 'b', 'A']);
    expect(asc(['2026-01-10', null, '2025-12-31', '2026-01-09'])).toEqual(['2025-12-31', '2026-01-09', '2026-01-10', null]);
  });

  it('is a total order: antisymmetric and transitive over a mixed sample', () => {
    const sample = ['élan', 'Elan', 'ELAN', 'Élan', 'e\u0301lan', 'Ezra', 'zeta', 'Zeta', 'Ångström', 'Angstrom', 'straße', 'Strasse', 'Ørsted', 'Oslo', '', ' a', 'a', null];
    for (const a of sample) {
      for (const b of sample) {
        expect(Math.sign(compareValues(a, b, 'ASC')) + 0).toBe(-Math.sign(compareValues(b, a, 'ASC')) + 0);
        expect(compareValues(a, b, 'ASC') === 0).toBe(a === b);
        for (const c of sample) {
          if (compareValues(a, b, 'ASC') <= 0 && compareValues(b, c, 'ASC') <= 0) expect(compareValues(a, c, 'ASC')).toBeLessThanOrEqual(0);
        }
      }
    }
  });

  it('sortLocal sorts by it, ties by sourceId', () => {
    const rec = (id: string, name: string | null) => ({ sourceId: id, name }) as CertificateRecord;
    const out = sortLocal([rec('2', 'Zeta'), rec('1', 'Élan'), rec('3', 'elan'), rec('0', 'elan'), rec('4', null)], { field: 'NAME', direction: 'ASC' });
    expect(out.map((c) => `${c.name}:${c.sourceId}`)).toEqual(['elan:0', 'elan:3', 'Élan:1', 'Zeta:2', 'null:4']);
  });
});
