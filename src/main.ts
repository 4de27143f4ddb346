import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config';
import { defaultRegistry } from './connectors/registry';
import { startSandbox, type Sandbox } from './sandbox';
import { sandboxEnv } from './sandbox/sandbox-config';
import { startGateway, type Gateway } from './server';

/** The configuration, or exit 78 with one JSON line naming the variable. */
function configOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env, defaultRegistry());
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: e.message, variable: e.variable })}\n`);
    process.exit(78);
  }
}

/**
 * The sandbox is live: every SANDBOX_CHANGE_EVERY_S (20; 0: never) one simulator changes its data, so
 * GraphiQL shows polled events; 4HSE's changes (and the gateway's own 4HSE writes) come back as signed webhooks.
 */
async function startWithSandbox(config: Config): Promise<{ gateway: Gateway; sandbox: Sandbox }> {
  // The sandbox starts first (the gateway's config points at it); its change log lines go to the gateway's logger once there is one.
  const started: { gateway?: Gateway } = {};
  const sandbox = await startSandbox({
    extraSources: config.registry.modules,
    changeEveryMs: config.sandboxChangeEveryS * 1000,
    onChange: (source, change) =>
      change instanceof Error
        ? started.gateway?.logger.warn('sandbox change failed', { source, error: change.message })
        : started.gateway?.logger.info('sandbox upstream changed', { source, change }),
  });
  const webhookSecret = config.webhookSecrets.FOURHSE ?? randomBytes(16).toString('hex');
  const sandboxed = configOrExit({ ...process.env, ...sandboxEnv(sandbox), FOURHSE_WEBHOOK_SECRET: webhookSecret });
  const gateway = (started.gateway = await startGateway(sandboxed));
  // gateway.url is the bound address (a wildcard HOST shows as 127.0.0.1): the simulator runs in this process.
  sandbox.fourhse.setWebhookTarget({ baseUrl: gateway.url, secret: webhookSecret });
  const simulated = sandboxed.registry.modules.filter((m) => sandbox.simulators.has(m.name)).map((m) => m.label);
  gateway.logger.info(`SANDBOX MODE: simulated ${simulated.join(', ')} run in this process with seeded data; set *_BASE_URL variables to use real upstreams`, {
    graphiql: `${gateway.url}/graphiql`,
    graphql: `${gateway.url}/graphql`,
  });
  return { gateway, sandbox };
}

/** Stops the gateway (graceful), then the sandbox; exits 0, or 1 when the stop failed or took over 10 s. */
function onSignals(gateway: Gateway, sandbox: Sandbox | null): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.logger.info('shutting down', { signal });
    setTimeout(() => process.exit(1), 10_000).unref();
    void gateway
      .stop()
      .then(
        () => 0,
        (err: unknown) => {
          gateway.logger.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
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

/** loadConfig, then startGateway (on the sandbox when no source is configured); signals; nothing else. */
async function main(): Promise<void> {
  const config = configOrExit(process.env);
  const { gateway, sandbox } = config.sandbox ? await startWithSandbox(config) : { gateway: await startGateway(config), sandbox: null };
  // For a person at a terminal: on stderr, so that every stdout line is JSON (log shippers parse it).
  process.stderr.write(`\n  GraphiQL: ${gateway.url}/graphiql\n  GraphQL:  ${gateway.url}/graphql${sandbox ? '\n  (sandbox: simulated upstreams)' : ''}\n\n`);
  onSignals(gateway, sandbox);
}

void main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'start-up failed', error: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(1);
});
