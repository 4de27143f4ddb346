import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config';
import { startGateway } from './server';
import { startSandbox } from './sandbox';
import { sandboxConfig } from './sandbox/sandbox-config';

/** loadConfig, then startGateway (on the sandbox when no source is configured); signals; nothing else. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: e.message, variable: e.variable })}\n`);
      process.exit(78);
    }
    throw e;
  }
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  // The sandbox is live: every SANDBOX_CHANGE_EVERY_S (20; 0: never) one simulator changes its data, so
  // GraphiQL shows polled events; 4HSE's changes (and the gateway's own 4HSE writes) come back
  // as signed webhooks.
  const sandbox = config.sandbox
    ? await startSandbox({
        changeEveryMs: config.sandboxChangeEveryS * 1000,
        onChange: (source, change) =>
          change instanceof Error
            ? gateway?.logger.warn('sandbox change failed', { source, error: change.message })
            : gateway?.logger.info('sandbox upstream changed', { source, change }),
      })
    : null;
  const webhookSecret = config.webhookSecret ?? (sandbox ? randomBytes(16).toString('hex') : undefined);
  gateway = await startGateway(sandbox ? { ...sandboxConfig(config, sandbox), webhookSecret } : config);
  if (sandbox) {
    // gateway.url is the bound address (a wildcard HOST shows as 127.0.0.1): the simulator runs in this process.
    sandbox.fourhse.setWebhookTarget({ baseUrl: gateway.url, secret: webhookSecret! });
    gateway.logger.info('SANDBOX MODE: simulated 4HSE, Springest, Ensinio and Falkor run in this process with seeded data; set *_BASE_URL variables to use real upstreams', {
      graphiql: `${gateway.url}/graphiql`,
      graphql: `${gateway.url}/graphql`,
    });
  }
  process.stdout.write(`\n  GraphiQL: ${gateway.url}/graphiql\n  GraphQL:  ${gateway.url}/graphql${sandbox ? '\n  (sandbox: simulated upstreams)' : ''}\n\n`);
  let stopping = false;
  const gw = gateway;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    gw.logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void gw
      .stop()
      .then(
        () => 0,
        (err: unknown) => {
          gw.logger.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
          return 1;
        },
      )
      .then(async (code) => {
        await sandbox?.stop().catch(() => undefined);
        process.exit(code);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'start-up failed', error: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(1);
});
