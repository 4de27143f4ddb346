/**
 * Starts the four upstream simulators together on one seed, for the gateway's
 * tests, local development and benchmarks. Credentials are random per start
 * unless given, so no secret literal ever needs to be committed.
 */
import { randomBytes } from 'node:crypto';
import type { RunningSimulator, SourceModule } from '../connectors/module';
import { startEnsinioSimulator, type EnsinioCredentials, type EnsinioSimulator } from './ensinio.sim';
import { startFalkorSimulator, type FalkorCredentials, type FalkorSimulator } from './falkor.sim';
import { startFourHseSimulator, type FourHseCredentials, type FourHseSimulator } from './fourhse.sim';
import type { ChangeKind } from './live';
import { createSeed, Prng, type SeedData } from './seed';
import type { LiveSimulator, Simulator } from './sim-server';
import { startSpringestSimulator, type SpringestCredentials, type SpringestSimulator } from './springest.sim';

export * from './seed';
export { startSimServer, SANDBOX_ADMIN_PREFIX, type Fault, type FaultScope, type LiveSimulator, type RecordedRequest, type Simulator } from './sim-server';
export { CHANGE_KINDS, isChangeKind, signWebhook, type ChangeKind, type FourHseWebhookEvent, type WebhookDelivery, type WebhookTarget } from './live';
export * from './fourhse.sim';
export * from './springest.sim';
export * from './ensinio.sim';
export * from './falkor.sim';

export interface SandboxCredentials {
  fourhse: FourHseCredentials;
  springest: SpringestCredentials;
  ensinio: EnsinioCredentials;
  falkor: FalkorCredentials;
}

/** A source name the sandbox simulates (the four seeded ones, plus any extra source module with a simulator). */
export type SandboxSource = string;

export interface Sandbox {
  fourhse: FourHseSimulator;
  springest: SpringestSimulator;
  ensinio: EnsinioSimulator;
  falkor: FalkorSimulator;
  seed: SeedData;
  credentials: SandboxCredentials;
  /** Every simulator by source name, with the variables that point a gateway at it. */
  simulators: ReadonlyMap<SandboxSource, RunningSimulator>;
  /** One change to one source's data (4HSE also sends its webhook); returns what changed. */
  change(source: SandboxSource, kind?: ChangeKind): string;
  /** Stops the change timer and all four servers (4HSE's pending webhooks included). */
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** Initial latency of every simulator (each stays mutable through `latencyMs`). */
  latencyMs?: number;
  seed?: number;
  /** YYYY-MM-DD; defaults to the current UTC date. */
  today?: string;
  /** Per-source overrides; a given source's credentials replace the random ones whole. */
  credentials?: Partial<SandboxCredentials>;
  /** OAuth token lifetime of the 4HSE simulator, seconds. */
  fourhseTokenTtlS?: number;
  /** Clock of the 4HSE token expiry (ms since epoch); defaults to Date.now. */
  now?: () => number;
  /**
   * When set (> 0), every this many ms one random simulator makes one random
   * change, so a running sandbox shows live events. Off by default: tests
   * need data that holds still.
   */
  changeEveryMs?: number;
  /** Told about every change the timer makes (e.g. to log it); errors of a change arrive here too. */
  onChange?: (source: SandboxSource, description: string | Error) => void;
  /** Source modules beyond the four seeded ones whose own simulators start too (those that have one). */
  extraSources?: readonly SourceModule[];
}

/** The variables that point a gateway at each seeded simulator, exactly as an operator would set them for the real upstream. */
function seededSimulators(sims: { fourhse: FourHseSimulator; springest: SpringestSimulator; ensinio: EnsinioSimulator; falkor: FalkorSimulator }, c: SandboxCredentials): [SandboxSource, RunningSimulator][] {
  // 4HSE through its OAuth2 password flow, so the token cache runs in the sandbox too.
  const env: Record<string, Record<string, string>> = {
    FOURHSE: { FOURHSE_BASE_URL: sims.fourhse.url, FOURHSE_TOKEN_URL: sims.fourhse.tokenUrl, FOURHSE_CLIENT_ID: c.fourhse.oauth.clientId, FOURHSE_USERNAME: c.fourhse.oauth.username, FOURHSE_PASSWORD: c.fourhse.oauth.password },
    SPRINGEST: { SPRINGEST_BASE_URL: sims.springest.url, SPRINGEST_API_KEY: c.springest.apiKey, SPRINGEST_CERTIFICATIONS_API_KEY: c.springest.certificationsApiKey },
    ENSINIO: { ENSINIO_BASE_URL: sims.ensinio.url, ENSINIO_TOKEN: c.ensinio.token },
    FALKOR: { FALKOR_BASE_URL: sims.falkor.url, FALKOR_TOKEN: c.falkor.token },
  };
  const bySource: Record<string, LiveSimulator> = { FOURHSE: sims.fourhse, SPRINGEST: sims.springest, ENSINIO: sims.ensinio, FALKOR: sims.falkor };
  return Object.entries(bySource).map(([name, sim]) => [
    name,
    {
      get url() {
        return sim.url;
      },
      env: env[name],
      get requests() {
        return sim.requests;
      },
      change: (kind) => sim.change(kind),
      stop: () => sim.stop(),
    },
  ]);
}

const secret = () => randomBytes(16).toString('hex');

export function randomCredentials(): SandboxCredentials {
  return {
    fourhse: { accessToken: secret(), oauth: { clientId: secret(), username: secret(), password: secret() } },
    springest: { apiKey: secret(), certificationsApiKey: secret() },
    ensinio: { token: secret() },
    falkor: { token: secret() },
  };
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const seed = createSeed({ seed: opts.seed, today });
  const credentials: SandboxCredentials = { ...randomCredentials(), ...opts.credentials };
  const { latencyMs } = opts;

  // Started one by one so a failure can stop whatever already runs instead of leaking servers.
  const started: { stop(): Promise<void> }[] = [];
  const track = <S extends Simulator>(s: S): S => { started.push(s); return s; };
  try {
    // Changes get their own PRNGs (one per source, derived from the seed) so the seeded data stays as it is.
    const live = (n: number) => ({ today, changeSeed: (Math.imul(seed.seed, 31) + n) >>> 0 });
    const fourhse = track(await startFourHseSimulator({ data: seed.fourhse, credentials: credentials.fourhse, latencyMs, tokenTtlS: opts.fourhseTokenTtlS, now: opts.now, ...live(1) }));
    const springest = track(await startSpringestSimulator({ data: seed.springest, credentials: credentials.springest, latencyMs, ...live(2) }));
    const ensinio = track(await startEnsinioSimulator({ data: seed.ensinio, credentials: credentials.ensinio, latencyMs, ...live(3) }));
    const falkor = track(await startFalkorSimulator({ data: seed.falkor, credentials: credentials.falkor, latencyMs, ...live(4) }));
    const simulators = new Map<SandboxSource, RunningSimulator>(seededSimulators({ fourhse, springest, ensinio, falkor }, credentials));
    for (const m of opts.extraSources ?? []) {
      if (!m.startSimulator || simulators.has(m.name)) continue;
      const sim = await m.startSimulator({ today, latencyMs, seed: live(6 + simulators.size).changeSeed });
      started.push(sim);
      simulators.set(m.name, sim);
    }
    const changing = [...simulators].filter(([, sim]) => sim.change !== undefined).map(([name]) => name);
    const change = (source: SandboxSource, kind?: ChangeKind): string => {
      const sim = simulators.get(source);
      if (!sim?.change) throw new Error(`Unknown sandbox source "${String(source)}": expected one of ${changing.join(', ')}`);
      return sim.change(kind);
    };
    let timer: NodeJS.Timeout | undefined;
    if (opts.changeEveryMs !== undefined && opts.changeEveryMs > 0) {
      const pick = new Prng(live(5).changeSeed);
      timer = setInterval(() => {
        const source = pick.pick(changing);
        try {
          const description = change(source);
          opts.onChange?.(source, description);
        } catch (err) {
          opts.onChange?.(source, err instanceof Error ? err : new Error(String(err)));
        }
      }, opts.changeEveryMs);
      timer.unref(); // never what keeps the process alive
    }
    return {
      fourhse, springest, ensinio, falkor, seed, credentials, simulators, change,
      stop: async () => {
        clearInterval(timer);
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    throw err;
  }
}
