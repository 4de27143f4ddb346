import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kind, parse } from 'graphql';
import ts from 'typescript';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseTrustedDocuments } from '../src/trusted-manifest';

/**
 * examples/generated/ is checked in: it must be exactly what `npm run codegen` (the client
 * preset) makes of schema.graphql and examples/operations/*.graphql; its typed documents must
 * give typed results that catch a wrong use at compile time; its persisted-documents.json must
 * be a manifest TRUSTED_DOCUMENTS accepts.
 */
const ROOT = resolve(__dirname, '..');
const TARGET = 'examples/generated/';
const OPERATIONS = join(ROOT, 'examples', 'operations');
const GENERATED = join(ROOT, TARGET);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'codegen-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** The operation names in examples/operations, read from the files themselves. */
function operationNames(): string[] {
  return readdirSync(OPERATIONS)
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((f) => parse(readFileSync(join(OPERATIONS, f), 'utf8')).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [])))
    .sort();
}

describe('codegen (client preset)', () => {
  it('the checked-in examples/generated/ is what `npm run codegen` makes', async () => {
    const config = parseYaml(readFileSync(join(ROOT, 'codegen.yml'), 'utf8')) as { generates: Record<string, unknown> };
    expect(Object.keys(config.generates)).toEqual([TARGET]);

    // The same configuration, written to a temporary folder instead of the checked-in one, run by the
    // CLI as `npm run codegen` runs it (the CLI's ESM dependencies do not load inside jest).
    const out = join(tmp, 'generated') + '/';
    const configPath = join(tmp, 'codegen.yml');
    writeFileSync(configPath, stringifyYaml({ ...config, generates: { [out]: config.generates[TARGET] } }));
    // Without jest's NODE_ENV=test, under which the CLI keeps its reasons to itself.
    const { NODE_ENV: _test, ...env } = process.env;
    try {
      await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', '.bin', 'graphql-codegen'), '--config', configPath], { cwd: ROOT, env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    } catch (e) {
      const { stdout, stderr } = e as { stdout?: string; stderr?: string };
      // What the CLI says: a document that does not validate against schema.graphql names the field.
      throw new Error(`graphql-codegen failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: e });
    }
    const fresh = readdirSync(out).sort();
    expect(fresh).toEqual(['gql.ts', 'graphql.ts', 'index.ts', 'persisted-documents.json']);
    expect(readdirSync(GENERATED).sort()).toEqual(fresh);
    const stale = fresh.filter((f) => readFileSync(join(out, f), 'utf8') !== readFileSync(join(GENERATED, f), 'utf8'));
    if (stale.length > 0) throw new Error(`${TARGET}{${stale.join(', ')}} stale: run \`npm run codegen\` and commit the result`);
  });

  it('covers queries with paging both ways, a person, issue/update/revoke and the events subscription', () => {
    const graphql = readFileSync(join(GENERATED, 'graphql.ts'), 'utf8');
    const names = operationNames();
    expect(names).toEqual(
      expect.arrayContaining(['CertificatesPage', 'CertificatesPageBackward', 'PersonByEmail', 'IssueCertificate', 'UpdateCertificate', 'RevokeCertificate', 'CertificateEvents']),
    );
    // Compared as lists, so a failure names what is missing instead of printing the whole file.
    expect(names.filter((name) => !graphql.includes(`export const ${name}Document = `))).toEqual([]);
    const kinds = ['CertificatesPageQuery', 'PersonByEmailQuery', 'IssueCertificateMutation', 'UpdateCertificateMutation', 'RevokeCertificateMutation', 'CertificateEventsSubscription'];
    expect(kinds.filter((t) => !graphql.includes(`export type ${t} = `))).toEqual([]);
    // The scalar mapping (Date, DateTime → string; JSON → unknown) is checked by the compile test below.
  });

  it('persisted-documents.json is a manifest TRUSTED_DOCUMENTS accepts, one document per operation', () => {
    const path = join(GENERATED, 'persisted-documents.json');
    // Throws when a key is not the sha256 of its text, or a document does not parse.
    const manifest = parseTrustedDocuments(readFileSync(path, 'utf8'), path, 'TRUSTED_DOCUMENTS');
    const named = [...manifest.byId.values()].map((doc) => (parse(doc).definitions[0] as { name?: { value: string } }).name?.value).sort();
    expect(named).toEqual(operationNames());
  });

  describe('typed results compile (the example frontend too), and a wrong use does not', () => {
    const generated = join(GENERATED, 'graphql').replace(/\\/g, '/');
    const header = [
      `import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';`,
      `import { CertificateEventsDocument, CertificatesPageBackwardDocument, CertificatesPageDocument, IssueCertificateDocument, PersonByEmailDocument, RevokeCertificateDocument, UpdateCertificateDocument } from '${generated}';`,
    ].join('\n');
    /** Uses every example operation's result and variables the way the example frontend does. */
    const good = `${header}
declare const page: ResultOf<typeof CertificatesPageDocument>;
declare const back: ResultOf<typeof CertificatesPageBackwardDocument>;
declare const person: ResultOf<typeof PersonByEmailDocument>;
declare const issued: ResultOf<typeof IssueCertificateDocument>;
declare const updated: ResultOf<typeof UpdateCertificateDocument>;
declare const revoked: ResultOf<typeof RevokeCertificateDocument>;
declare const event: ResultOf<typeof CertificateEventsDocument>;
export const holderName: string | null = page.certificates.edges[0].node.holder.name;
export const sameRows: typeof page.certificates.edges = back.certificates.edges;
export const cursor: string | null = back.certificates.pageInfo.startCursor;
export const previous: boolean = page.certificates.pageInfo.hasPreviousPage;
export const expires: string | null = page.certificates.edges[0].node.expiresOn;
export const at: string = event.certificateEvents.occurredAt;
export const personSources: ('FOURHSE' | 'SPRINGEST' | 'ENSINIO' | 'FALKOR')[] = person.person ? person.person.resources.map((r) => r.source) : [];
export const issuedId: string = issued.issueCertificate.id;
export const validity: number | undefined = updated.updateCertificate.validity?.count;
export const wouldDelete: string[] = revoked.revokeCertificate.wouldDelete.map((e) => e.type);
export const eventType: 'CREATED' | 'UPDATED' | 'DELETED' | 'EXPIRING' | 'EXPIRED' = event.certificateEvents.type;
export const changed: unknown = event.certificateEvents.changes[0]?.new;
export const forward: VariablesOf<typeof CertificatesPageDocument> = { first: 10, after: 'c', orderBy: { field: 'EXPIRES_ON', direction: 'ASC' } };
export const backward: VariablesOf<typeof CertificatesPageBackwardDocument> = { last: 10, before: 'c' };
export const revoke: VariablesOf<typeof RevokeCertificateDocument> = { id: 'x', force: true };
`;
    /** Each line a mistake, and the TypeScript error it must cause. */
    const mistakes: [string, number][] = [
      ['export const a: string = page.certificates.edges[0].node.holder.name;', 2322], // name is string | null
      ['export const b = page.certificates.edges[0].node.url;', 2339], // url is not selected by CertificatesPage
      ['export const c: number = page.certificates.edges[0].node.expiresOn!;', 2322], // Date is a string
      ["export const d = event.certificateEvents.type === 'RENAMED';", 2367], // not a CertificateEventType
      ['export const e: VariablesOf<typeof IssueCertificateDocument> = {};', 2741], // input is required
      ["export const f: VariablesOf<typeof CertificatesPageDocument> = { first: '10' };", 2322], // Int is a number
      ['export const g: string = event.certificateEvents.changes[0].new;', 2322], // JSON is unknown
    ];

    /** The example frontend, type-checked with the snippets: esbuild, which bundles it, does not check types. */
    const FRONTEND = join(ROOT, 'examples', 'frontend', 'main.ts');

    function diagnostics(files: Record<string, string>): Map<string, ts.Diagnostic[]> {
      const paths = Object.entries(files).map(([name, text]) => {
        const p = join(tmp, name);
        writeFileSync(p, text);
        return p;
      });
      const program = ts.createProgram([...paths, FRONTEND], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        skipLibCheck: true,
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        baseUrl: ROOT,
        paths: { '@graphql-typed-document-node/core': [join(ROOT, 'node_modules', '@graphql-typed-document-node', 'core')] },
      });
      const all = [...program.getOptionsDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getSyntacticDiagnostics()];
      const byFile = new Map(paths.map((p, i) => [Object.keys(files)[i], all.filter((d) => d.file?.fileName === p.replace(/\\/g, '/'))]));
      // Anything else (the frontend, the generated file, options) belongs to no snippet: reported under 'other'.
      byFile.set('other', all.filter((d) => !paths.some((p) => d.file?.fileName === p.replace(/\\/g, '/'))));
      return byFile;
    }

    it('the good uses and examples/frontend/main.ts type-check with no error; each mistake is the expected compile error', () => {
      const bad = `${good}${mistakes.map(([line]) => line).join('\n')}\n`;
      const byFile = diagnostics({ 'good.ts': good, 'bad.ts': bad });
      const text = (d: ts.Diagnostic) => `TS${d.code} line ${d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      expect(byFile.get('good.ts')!.map(text)).toEqual([]);
      expect(byFile.get('other')!.map((d) => `${d.file?.fileName ?? ''} ${text(d)}`)).toEqual([]);

      const firstMistakeLine = good.split('\n').length; // `bad` is `good` (which ends in a newline), then one mistake a line
      const found = byFile.get('bad.ts')!.map((d) => [d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 - firstMistakeLine, d.code]);
      expect(found).toEqual(mistakes.map(([, code], i) => [i, code]));
    });
  });
});
