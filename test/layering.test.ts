/**
 * The project's layers: GraphQL → certificates/writes/events → connectors →
 * HTTP client. Connectors never import from src/events, src/graphql,
 * src/certificates/writes or src/webhooks; the webhook receiver is generic
 * (the source part and its route come from its caller).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module a file imports (static, dynamic or require), as a path relative to the repository, without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(dirname(file), s)));
}

describe('layering', () => {
  const connectorFiles = files(join(SRC, 'connectors'));

  it('finds the connector modules and their imports', () => {
    expect(connectorFiles.map((f) => relative(ROOT, f))).toContain('src/connectors/fourhse/webhook.ts');
    expect(importsOf(join(SRC, 'connectors/fourhse/webhook.ts'))).toContain('src/connectors/shape');
  });

  it('connectors import nothing from events, graphql, certificate writes or webhooks', () => {
    const forbidden = /^src\/(events|graphql|webhooks)(\/|$)|^src\/certificates\/writes$/;
    const offending = connectorFiles.flatMap((f) => importsOf(f).filter((i) => forbidden.test(i)).map((i) => `${relative(ROOT, f)} -> ${i}`));
    expect(offending).toEqual([]);
  });

  it('the webhook receiver names no source: it imports no source folder and says nothing of 4HSE', () => {
    for (const f of files(join(SRC, 'webhooks'))) {
      expect(importsOf(f).filter((i) => /^src\/connectors\/(fourhse|springest|ensinio|falkor)/.test(i))).toEqual([]);
      expect(readFileSync(f, 'utf8')).not.toMatch(/4hse|fourhse/i);
    }
  });

  it('events know no 4HSE field names', () => {
    const changes = readFileSync(join(SRC, 'events/changes.ts'), 'utf8');
    expect(changes).not.toMatch(/FOURHSE_FIELDS|fromFourHse|date_expire|date_release|validity_unit|resource_id/);
  });
});
