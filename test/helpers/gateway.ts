import { loadConfig, type Config } from '../../src/config';
import type { Clock } from '../../src/clock';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox';
import { sandboxConfig } from '../../src/sandbox/sandbox-config';
import { startGateway, type Gateway, type GatewayDeps } from '../../src/server';
import type { SlotLimit } from '../../src/writes/slots';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
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
  /** Upstream requests received by each simulator since the last reset. */
  upstreamCalls(): { FOURHSE: number; SPRINGEST: number; ENSINIO: number; FALKOR: number };
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
    /** Off unless given: most tests count upstream calls, which the pollers would add to. */
    liveSources?: GatewayDeps['liveSources'];
    wsStallMs?: number;
  } = {},
): Promise<TestGateway> {
  const sandbox = await startSandbox({ today: opts.sandbox?.today ?? opts.clock?.now().toISOString().slice(0, 10), ...opts.sandbox });
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', SANDBOX: '1', ...opts.env });
  let config = sandboxConfig(base, sandbox);
  if (opts.mutateConfig) config = opts.mutateConfig(config);
  const logs: string[] = [];
  const gateway = await startGateway(config, { logWrite: (l) => logs.push(l), clock: opts.clock, springestUploadLimit: opts.springestUploadLimit, liveSources: opts.liveSources ?? false, wsStallMs: opts.wsStallMs });
  const sims = { FOURHSE: sandbox.fourhse, SPRINGEST: sandbox.springest, ENSINIO: sandbox.ensinio, FALKOR: sandbox.falkor };
  let marks = { FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 };
  const counts = () => ({
    FOURHSE: sims.FOURHSE.requests.length,
    SPRINGEST: sims.SPRINGEST.requests.length,
    ENSINIO: sims.ENSINIO.requests.length,
    FALKOR: sims.FALKOR.requests.length,
  });
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
      return {
        FOURHSE: now.FOURHSE - marks.FOURHSE,
        SPRINGEST: now.SPRINGEST - marks.SPRINGEST,
        ENSINIO: now.ENSINIO - marks.ENSINIO,
        FALKOR: now.FALKOR - marks.FALKOR,
      };
    },
    resetUpstreamCalls() {
      marks = counts();
    },
    async stop() {
      await gateway.stop();
      await sandbox.stop();
    },
  };
}
