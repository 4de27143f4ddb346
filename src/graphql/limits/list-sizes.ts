/**
 * How many rows the unpaged root lists (`certifications`, `stories`) had the
 * last time the gateway served them in full: the upstream catalogue's size.
 * The cost model multiplies what is nested under such a list by it (each
 * row's `certificates` is one upstream call), so that against a catalogue of
 * 2,000 certifications `certifications { certificates }` is priced as 2,000
 * calls, not as a guess. Bounded: one number per root field.
 */
export class ListSizes {
  private readonly sizes = new Map<string, number>();

  /** `coord` is `Query.<field>`; record only lists read whole (no `sources` filter). */
  record(coord: 'Query.certifications' | 'Query.stories', rows: number): void {
    this.sizes.set(coord, rows);
  }

  get(coord: string): number | undefined {
    return this.sizes.get(coord);
  }
}
