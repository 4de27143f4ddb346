/**
 * Starts the four upstream simulators together on one seed, for the gateway's
 * tests, local development and benchmarks. Credentials are random per start
 * unless given, so no secret literal ever needs to be committed.
 */
import { randomBytes } from 'node:crypto';
import { startEnsinioSimulator, type EnsinioCredentials, type EnsinioSimulator } from './ensinio.sim';
import { startFalkorSimulator, type FalkorCredentials, type FalkorSimulator } from './falkor.sim';
import { startFourHseSimulator, type FourHseCredentials, type FourHseSimulator } from './fourhse.sim';
import { createSeed, type SeedData } from './seed';
import type { Simulator } from './sim-server';
import { startSpringestSimulator, type SpringestCredentials, type SpringestSimulator } from './springest.sim';

export * from './seed';
export { startSimServer, type Fault, type FaultScope, type RecordedRequest, type Simulator } from './sim-server';
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

export interface Sandbox {
  fourhse: FourHseSimulator;
  springest: SpringestSimulator;
  ensinio: EnsinioSimulator;
  falkor: FalkorSimulator;
  seed: SeedData;
  credentials: SandboxCredentials;
  /** Stops all four servers. */
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
  const started: Simulator[] = [];
  const track = <S extends Simulator>(s: S): S => { started.push(s); return s; };
  try {
    const fourhse = track(await startFourHseSimulator({ data: seed.fourhse, credentials: credentials.fourhse, latencyMs, tokenTtlS: opts.fourhseTokenTtlS, now: opts.now }));
    const springest = track(await startSpringestSimulator({ data: seed.springest, credentials: credentials.springest, latencyMs }));
    const ensinio = track(await startEnsinioSimulator({ data: seed.ensinio, credentials: credentials.ensinio, latencyMs }));
    const falkor = track(await startFalkorSimulator({ data: seed.falkor, credentials: credentials.falkor, latencyMs }));
    return {
      fourhse, springest, ensinio, falkor, seed, credentials,
      stop: async () => { await Promise.all(started.map((s) => s.stop())); },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    throw err;
  }
}
