import { loadConfig, type Config } from '../../src/config';
import type { Clock } from '../../src/clock';
import { SourceRegistry, type SourceModule } from '../../src/connectors/module';
import { BUILTIN_SOURCES } from '../../src/connectors/registry';
import type { SlotLimit } from '../../src/connectors/slots';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox';
import { sandboxEnv } from '../../src/sandbox/sandbox-config';
import { startGateway, type Gateway, type GatewayDeps } from '../../src/server';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
  text: string;
}

export interface TestGateway {
  url: string;
  gateway: Gateway;
  sandbox: Sandbox;
  config: Config;
  /** Every log line the gateway wrote. */
  logs: string[];
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Upstream requests received by each simulator since the last reset, by source name. */
  upstreamCalls(): Record<string, number>;
  resetUpstreamCalls(): void;
  stop(): Promise<void>;
}

/**
 * The real gateway on port 0 against the real simulators (real HTTP both
 * ways). `env` is applied on top of a sandbox config, as process.env would be.
 */
export async function startTestGateway(
  opts: {
    env?: Record<string, string>;
    sandbox?: SandboxOptions;
    clock?: Clock;
    mutateConfig?: (c: Config) => Config;
    springestUploadLimit?: SlotLimit;
    /** Source modules after the built-in four (their simulators start with the sandbox). */
    extraSources?: readonly SourceModule[];
    /** Off unless given: most tests count upstream calls, which the pollers would add to. */
    liveSources?: GatewayDeps['liveSources'];
    wsStallMs?: number;
    wsFanoutYield?: GatewayDeps['wsFanoutYield'];
    /** A sandbox already running (replicas over the same upstreams): used instead of a new one, and left running by stop(). */
    sharedSandbox?: Sandbox;
  } = {},
): Promise<TestGateway> {
  const sandbox =
    opts.sharedSandbox ?? (await startSandbox({ today: opts.sandbox?.today ?? opts.clock?.now().toISOString().slice(0, 10), extraSources: opts.extraSources, ...opts.sandbox }));
  const registry = new SourceRegistry([...BUILTIN_SOURCES, ...(opts.extraSources ?? [])]);
  const logs: string[] = [];
  let config: Config;
  let gateway: Gateway;
  try {
    config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', ...sandboxEnv(sandbox), ...opts.env }, registry);
    if (opts.mutateConfig) config = opts.mutateConfig(config);
    gateway = await startGateway(config, {
      logWrite: (l) => logs.push(l),
      clock: opts.clock,
      slotLimits: opts.springestUploadLimit ? { 'springest:uploads': opts.springestUploadLimit } : undefined,
      liveSources: opts.liveSources ?? false,
      wsStallMs: opts.wsStallMs,
      wsFanoutYield: opts.wsFanoutYield,
    });
  } catch (e) {
    // A gateway that refuses to start (a bad config or file) must fail the test, not leave the sandbox's servers holding jest open.
    if (!opts.sharedSandbox) await sandbox.stop();
    throw e;
  }
  const counts = () => Object.fromEntries([...sandbox.simulators].map(([name, sim]) => [name, sim.requests.length]));
  let marks = counts();
  return {
    url: gateway.url,
    gateway,
    sandbox,
    config,
    logs,
    async query(query, variables, headers = {}) {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = {};
      }
      return { status: res.status, body, text };
    },
    upstreamCalls() {
      const now = counts();
      return Object.fromEntries(Object.entries(now).map(([name, n]) => [name, n - (marks[name] ?? 0)]));
    },
    resetUpstreamCalls() {
      marks = counts();
    },
    async stop() {
      await gateway.stop();
      if (!opts.sharedSandbox) await sandbox.stop();
    },
  };
}
