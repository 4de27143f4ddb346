/**
 * `npm run build && node --expose-gc dist/scripts/webhook-memory.js`: the heap a
 * gateway keeps after accepting large webhooks (issue 9: "after 150 accepted
 * webhooks of about 1 MiB each, heap stayed at 173 MiB when idle"). Posts
 * WEBHOOKS (150) signed 4HSE CREATEs of about 1 MiB each (free `data`, within
 * the 1 MiB body limit) to an in-process gateway on the sandbox, then prints
 * heapUsed after full GCs: before, after, and what the memory event log holds.
 * Prints; asserts nothing (test/events/log.test.ts checks the log's bound).
 *
 *   WEBHOOKS (150)
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config';
import { defaultRegistry } from '../src/connectors/registry';
import { LOG_LIMITS } from '../src/events/log';
import { startSandbox } from '../src/sandbox';
import { sandboxEnv } from '../src/sandbox/sandbox-config';
import { startGateway } from '../src/server';

const WEBHOOKS = Number(process.env.WEBHOOKS ?? 150);

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const heap = async () => {
    await new Promise((r) => setTimeout(r, 200));
    gc();
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const sandbox = await startSandbox();
  const secret = randomUUID();
  const gw = await startGateway(loadConfig({ ...sandboxEnv(sandbox), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', FOURHSE_WEBHOOK_SECRET: secret, POLL_INTERVAL_S: '0' }, defaultRegistry()), {
    logWrite: () => undefined,
    liveSources: false,
  });
  const r = sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
  const before = await heap();
  const scan = 'x'.repeat(1000 * 1024); // ~1 MiB of body with the rest of the certificate
  for (let i = 0; i < WEBHOOKS; i++) {
    const body = JSON.stringify({
      certificate_id: randomUUID(),
      date_release: '2026-11-01',
      date_expire: '2027-11-01',
      name: `Large ${i}`,
      action_type: 'TRAINING',
      resource_id: r.resource_id,
      resource_type: 'PERSON',
      resource_name: r.resource_name,
      warning: 0,
      tenant_id: r.tenant_id,
      validity_unit: 'YEAR',
      validity: 1,
      data: { scan },
    });
    const res = await fetch(`${gw.url}/webhooks/4hse/CERTIFICATE::CREATE`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body });
    if (res.status !== 200) throw new Error(`webhook ${i}: HTTP ${res.status} ${await res.text()}`);
  }
  const after = await heap();
  console.log(`${WEBHOOKS} webhooks of ~1 MiB accepted; heapUsed after full GC: ${before.toFixed(1)} MiB before, ${after.toFixed(1)} MiB after (+${(after - before).toFixed(1)} MiB); the memory event log keeps at most ${LOG_LIMITS.maxBytes / 2 ** 20} MiB of events`);
  await gw.stop();
  await sandbox.stop();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
