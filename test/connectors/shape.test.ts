/** The lenient readers shared by the four mappers and the 4HSE webhook. */
import { bool, email, enumOf, id, int, isoDate, isoDateTime, list, num, obj, oneOf, ruleProblem, str, strUpTo, text, uuid } from '../../src/connectors/shape';

describe('isoDate: real calendar days only', () => {
  it.each([
    ['2024-01-15', '2024-01-15'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2024-12-31', '2024-12-31'],
    ['2021-09-28T11:14:23+02:00', '2021-09-28'],
    ['2024-03-02T09:15:00.123456Z', '2024-03-02'],
    ['2024-03-02 09:15:00', '2024-03-02'],
    ['2024-03-02T23:59', '2024-03-02'],
  ])('%p is the day %p', (v, day) => {
    expect(isoDate(v)).toBe(day);
  });

  it.each([
    '2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '0000-01-01',
    '9999-99-99junk', '2024-01-15junk', '2024-01-15T', '2024-01-15T24:00', '2024-01-15T10:60', '2024-01-15T10:00:61Z', '2024-01-15T10:00+25:00',
    '2024-1-5', '24-01-15', '15/01/2024', ' 2024-01-15', '', 'soon', 20240115, null, undefined, true, {}, ['2024-01-15'],
  ])('%p is not one', (v) => {
    expect(isoDate(v)).toBeNull();
    expect(isoDateTime(v)).toBeNull();
  });

  it('isoDateTime keeps the text as written', () => {
    expect(isoDateTime('2021-09-28T11:14:23+02:00')).toBe('2021-09-28T11:14:23+02:00');
  });
});

describe('scalar readers', () => {
  it.each([
    ['str', str, ['a', ''], [1, null, true, {}, []]],
    ['text', text, ['a', ' a '], ['', '  ', 1, null, {}]],
    ['int', int, [0, -3, 5], [1.5, '5', NaN, Infinity, true, null, 2 ** 60]],
    ['num', num, [0, 9.2, -1], ['9.2', '40h', NaN, true, null, {}]],
    ['bool', bool, [true, false], [0, 1, 'true', null]],
    ['obj', obj, [{}, { a: 1 }], [[], null, 'x', 1]],
    ['uuid', uuid, ['f6a7b8c9-d0e1-2f3a-4b5c-6d7e8f9a0b1c', 'F6A7B8C9-D0E1-2F3A-4B5C-6D7E8F9A0B1C'], ['f6a7b8c9d0e12f3a4b5c6d7e8f9a0b1c', 'not-a-uuid', 1, null]],
    ['id', id, ['a', '101'], ['', '  ', -1, 1.5, true, {}, null]],
    ['email', email, ['a@b.example', 'A.B@C'], ['a b@c', 'ab.example', '@', 1, null]],
    ['strUpTo(3)', strUpTo(3), ['abc', '', 'ééé'], ['abcd', 3, null]],
    ['enumOf(YEAR, MONTH)', enumOf(['YEAR', 'MONTH']), ['YEAR', 'MONTH'], ['year', 'WEEK', 1, null]],
  ] as const)('%s', (_name, read: (v: unknown) => unknown, good: readonly unknown[], bad: readonly unknown[]) => {
    for (const v of good) expect([v, read(v)]).toEqual([v, v]);
    for (const v of bad) expect([v, read(v)]).toEqual([v, null]);
  });

  it('id gives integers as text', () => {
    expect(id(9001)).toBe('9001');
    expect(id(0)).toBe('0');
  });

  it('oneOf compares exactly', () => {
    expect(oneOf(1, [0, 1])).toBe(1);
    expect(oneOf('1', [0, 1])).toBeNull();
  });

  it('list reads arrays and PHP index objects, in index order', () => {
    expect(list([1, 2])).toEqual([1, 2]);
    expect(list({ 10: 'c', 2: 'b', 0: 'a' })).toEqual(['a', 'b', 'c']);
    expect(list({})).toEqual([]);
    expect(list({ a: 1 })).toBeNull();
    expect(list({ '01': 1 })).toBeNull();
    expect(list('x')).toBeNull();
    expect(list(null)).toBeNull();
  });
});

describe('ruleProblem', () => {
  const rule = { read: isoDate, expected: 'a calendar date YYYY-MM-DD' };
  it('allows absent and null unless required, and values the reader reads', () => {
    expect(ruleProblem(rule, undefined)).toBeNull();
    expect(ruleProblem(rule, null)).toBeNull();
    expect(ruleProblem(rule, '2024-02-29')).toBeNull();
    expect(ruleProblem({ ...rule, required: true }, null)).toBe('must be a calendar date YYYY-MM-DD, got null');
    expect(ruleProblem({ ...rule, required: true }, undefined)).toBe('must be a calendar date YYYY-MM-DD, got nothing');
  });
  it('says what it got, shortened', () => {
    expect(ruleProblem(rule, '2024-02-30')).toBe('must be a calendar date YYYY-MM-DD, got "2024-02-30"');
    expect(ruleProblem(rule, 'x'.repeat(100))).toMatch(/got "x{56}\.\.\.$/);
  });
});
