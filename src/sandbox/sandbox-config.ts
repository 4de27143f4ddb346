import type { Sandbox } from './index';

/**
 * The environment that points a gateway at the in-process simulators: every
 * simulated source configured through the very variables an operator would
 * set for the real upstream, and SANDBOX=1. Apply it on top of the process
 * environment and load the configuration from that.
 */
export function sandboxEnv(sandbox: Sandbox): Record<string, string> {
  const env: Record<string, string> = { SANDBOX: '1' };
  for (const sim of sandbox.simulators.values()) Object.assign(env, sim.env);
  return env;
}
