import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config';
import { defaultRegistry } from './connectors/registry';
import type { Sandbox } from './sandbox';
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
  // Loaded only here: the production image ships without the simulators (dist/src/sandbox is not in it).
  const { startSandbox, sandboxEnv, writeSampleComplianceFiles } = await loadSandbox();
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
  const simulatedEnv: Record<string, string | undefined> = { ...sandboxEnv(sandbox), FOURHSE_WEBHOOK_SECRET: webhookSecret };
  // What the sandbox sets replaces the operator's value, and so its X_FILE variant (both set would be refused).
  for (const k of Object.keys(simulatedEnv)) simulatedEnv[`${k}_FILE`] = undefined;
  // compliance (issue 12): a people file and two requirement sets over the seeded holders, unless the user gave either file.
  if (!config.peopleFile && !config.requirementsFile) {
    const files = writeSampleComplianceFiles(sandbox.seed);
    Object.assign(simulatedEnv, { PEOPLE_FILE: files.peopleFile, REQUIREMENTS_FILE: files.requirementsFile });
  }
  const sandboxed = configOrExit({ ...process.env, ...simulatedEnv });
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

/** The simulators, by dynamic import: a clear error when the image was built without them. */
async function loadSandbox() {
  try {
    const [{ startSandbox }, { sandboxEnv }, { writeSampleComplianceFiles }] = await Promise.all([import('./sandbox'), import('./sandbox/sandbox-config'), import('./sandbox/compliance-seed')]);
    return { startSandbox, sandboxEnv, writeSampleComplianceFiles };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error('SANDBOX is on but this build has no simulators (the production image leaves them out): use the demo image target, or set SANDBOX=0 and the *_BASE_URL variables', { cause: e });
  }
}

/**
 * SIGTERM/SIGINT: /readyz turns 503 for SHUTDOWN_DELAY_S while the gateway
 * serves on, then it drains (gateway.stop), then the sandbox stops; exits 0,
 * or 1 when the stop failed or the drain took over SHUTDOWN_GRACE_S. A second
 * signal ends the delay at once (the grace period then counts from it).
 */
function onSignals(gateway: Gateway, sandbox: Sandbox | null, config: Config): void {
  let stopping = false;
  let forced: NodeJS.Timeout | undefined;
  const forceExitIn = (ms: number) => {
    clearTimeout(forced);
    forced = setTimeout(() => {
      gateway.logger.error('forced exit: the shutdown took longer than SHUTDOWN_DELAY_S + SHUTDOWN_GRACE_S', { graceS: config.shutdownGraceS });
      process.exit(1);
    }, ms);
    forced.unref();
  };
  const shutdown = (signal: string) => {
    if (stopping) {
      gateway.logger.info('second signal: draining now', { signal });
      forceExitIn(config.shutdownGraceS * 1000);
      void gateway.stop();
      return;
    }
    stopping = true;
    gateway.logger.info('shutting down', { signal, delayS: config.shutdownDelayS, graceS: config.shutdownGraceS });
    forceExitIn((config.shutdownDelayS + config.shutdownGraceS) * 1000);
    void gateway
      .stop({ delayMs: config.shutdownDelayS * 1000 })
      .then(
        () => 0,
        (err: unknown) => {
          gateway.logger.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
          return 1;
        },
      )
      .then(async (code) => {
        await sandbox?.stop().catch(() => undefined);
        // The last log lines (1,000 websockets closing write 1,000) may still wait in stdout's pipe:
        // exit once they are written, or they are lost (the forced-exit timer still bounds the wait).
        process.stdout.write('', () => process.exit(code));
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** loadConfig, then startGateway (on the sandbox when no source is configured); signals; nothing else. */
async function main(): Promise<void> {
  const config = configOrExit(process.env);
  const { gateway, sandbox } = config.sandbox ? await startWithSandbox(config) : { gateway: await startGateway(config), sandbox: null };
  if (!config.sandbox && Object.keys(config.sources).length === 0) {
    // SANDBOX=0 (as the production image sets it) with nothing configured: stay up, unready, and say why once.
    gateway.logger.error('no source configured: set the *_BASE_URL variables of your sources (or SANDBOX=1 for simulated data); /readyz answers 503 until then', { sandbox: false });
  }
  // For a person at a terminal: on stderr, so that every stdout line is JSON (log shippers parse it).
  process.stderr.write(`\n  GraphiQL: ${gateway.url}/graphiql\n  GraphQL:  ${gateway.url}/graphql${sandbox ? '\n  (sandbox: simulated upstreams)' : ''}\n\n`);
  onSignals(gateway, sandbox, config);
}

void main().catch((err: unknown) => {
  // A setting found wrong only once the schema exists (a trusted document that does not validate): same exit as configOrExit.
  if (err instanceof ConfigError) {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: err.message, variable: err.variable })}\n`);
    process.exit(78);
  }
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'start-up failed', error: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(1);
});
