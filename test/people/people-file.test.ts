import { FileProblem, parseCsv, parsePeopleFile, type HolderSource } from '../../src/people/people-file';
import { PeopleDirectory } from '../../src/people/directory';
import { INT, UUID } from '../../src/connectors/id-patterns';

const SOURCES: HolderSource[] = [
  { name: 'FOURHSE', resourceId: [UUID] },
  { name: 'ENSINIO', resourceId: [INT] },
];
const U1 = '123e4567-e89b-12d3-a456-426655440000';
const U2 = '223e4567-e89b-12d3-a456-426655440000';

function problem(text: string, format: 'csv' | 'json' = 'csv'): FileProblem {
  try {
    parsePeopleFile(text, format, SOURCES);
  } catch (e) {
    if (e instanceof FileProblem) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('people file', () => {
  it('reads CSV with quotes, tags and holder ids', () => {
    const people = parsePeopleFile(
      `email,name,employeeId,tags,fourhse,ensinio\r\nMaria.Rossi@Acme.example,"Rossi, Maria",E1,team:acme site:milan,${U1},9001\nbo@acme.example,Bo,,"role:welder;team:acme",,\n`,
      'csv',
      SOURCES,
    );
    expect(people).toEqual([
      { email: 'maria.rossi@acme.example', name: 'Rossi, Maria', employeeId: 'E1', tags: ['site:milan', 'team:acme'], holders: new Map([['FOURHSE', U1], ['ENSINIO', '9001']]) },
      { email: 'bo@acme.example', name: 'Bo', employeeId: null, tags: ['role:welder', 'team:acme'], holders: new Map() },
    ]);
  });

  it('reads JSON with the same columns', () => {
    const [p] = parsePeopleFile(JSON.stringify([{ email: 'a@b.example', name: 'A', tags: ['team:x'], ensinio: 12 }]), 'json', SOURCES);
    expect(p.holders.get('ENSINIO')).toBe('12');
    expect(p.tags).toEqual(['team:x']);
  });

  it.each([
    ['a duplicate email', `email,name\na@b.example,A\nA@b.example,B\n`, 3, 'email', /duplicate email a@b.example \(first in row 2\)/],
    ['an id of the wrong shape', `email,name,fourhse\na@b.example,A,not-a-uuid\n`, 2, 'fourhse', /not a FOURHSE holder id/],
    ['a holder linked twice', `email,name,fourhse\na@b.example,A,${U2}\nc@b.example,C,${U2}\n`, 3, 'fourhse', /already linked in row 2/],
    ['a malformed row', `email,name\na@b.example,A,extra\n`, 2, null, /2 fields|3 fields/],
    ['an unknown column', `email,name,phone\n`, 1, 'phone', /unknown column "phone"/],
    ['a bad tag', `email,name,tags\na@b.example,A,colour:red\n`, 2, 'tags', /team:<name>, site:<name> or role:<name>/],
    ['a bad email', `email,name\nnot-an-email,A\n`, 2, 'email', /email address/],
    ['a missing name', `email,name\na@b.example,\n`, 2, 'name', /name is required/],
  ])('refuses %s naming row and column', (_what, text, row, column, message) => {
    const p = problem(text);
    expect(p.row).toBe(row);
    expect(p.column).toBe(column);
    expect(p.message).toMatch(message);
  });

  it('refuses JSON that is not an array of objects, naming the row', () => {
    expect(problem('{"email":"a@b.example"}', 'json').message).toMatch(/JSON array/);
    const p = problem(JSON.stringify([{ email: 'a@b.example', name: 'A' }, 'x']), 'json');
    expect(p.row).toBe(2);
  });

  it('parses CSV fields with doubled quotes and newlines inside quotes', () => {
    expect(parseCsv('a,"b ""c""\nd"\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b "c"\nd'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });
});

describe('people directory', () => {
  const dir = new PeopleDirectory(
    parsePeopleFile(`email,name,tags,ensinio\nmaria.rossi@acme.example,María Rossi,team:acme,7\njsilva@acme.example,João Silva,team:acme,\n`, 'csv', SOURCES),
  );

  it('finds people by email, linked holder and tag', () => {
    expect(dir.byEmailOf('maria.rossi@acme.example')?.name).toBe('María Rossi');
    expect(dir.linkedTo('ENSINIO', '7')?.email).toBe('maria.rossi@acme.example');
    expect(dir.linkedTo('ENSINIO', '8')).toBeUndefined();
    expect([...dir.tags]).toEqual(['team:acme']);
  });

  it('suggests likely matches by folded name and by email local part', () => {
    expect(dir.likelyMatches('SILVA, Joao', null).map((m) => [m.person.email, m.reason])).toEqual([['jsilva@acme.example', 'NAME']]);
    expect(dir.likelyMatches('Maria Rossi', null).map((m) => [m.person.email, m.reason])).toEqual([['maria.rossi@acme.example', 'NAME']]);
    expect(dir.likelyMatches(null, 'maria.rossi@elsewhere.example').map((m) => [m.person.email, m.reason])).toEqual([['maria.rossi@acme.example', 'EMAIL_LOCAL_PART']]);
    expect(dir.likelyMatches('Someone Else', null)).toEqual([]);
  });
});
