import 'reflect-metadata';
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
  const sandbox = config.sandbox ? await startSandbox() : null;
  const gateway = await startGateway(sandbox ? sandboxConfig(config, sandbox) : config);
  if (sandbox) {
    gateway.logger.info('SANDBOX MODE: simulated 4HSE, Springest, Ensinio and Falkor run in this process with seeded data; set *_BASE_URL variables to use real upstreams', {
      graphiql: `${gateway.url}/graphiql`,
      graphql: `${gateway.url}/graphql`,
    });
  }
  process.stdout.write(`\n  GraphiQL: ${gateway.url}/graphiql\n  GraphQL:  ${gateway.url}/graphql${sandbox ? '\n  (sandbox: simulated upstreams)' : ''}\n\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void gateway
      .stop()
      .then(() => sandbox?.stop())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'start-up failed', error: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(1);
});
