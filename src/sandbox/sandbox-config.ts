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

/**
 * The variables that point a gateway *process* at the simulators as a production
 * deployment would be pointed at the real upstreams: no SANDBOX flag (production
 * defaults: rate limits, no introspection), 4HSE by access token.
 */
export function upstreamEnv(sandbox: Sandbox): Record<string, string> {
  const c = sandbox.credentials;
  return {
    FOURHSE_BASE_URL: sandbox.fourhse.url,
    FOURHSE_ACCESS_TOKEN: c.fourhse.accessToken,
    SPRINGEST_BASE_URL: sandbox.springest.url,
    SPRINGEST_API_KEY: c.springest.apiKey,
    SPRINGEST_CERTIFICATIONS_API_KEY: c.springest.certificationsApiKey,
    ENSINIO_BASE_URL: sandbox.ensinio.url,
    ENSINIO_TOKEN: c.ensinio.token,
    FALKOR_BASE_URL: sandbox.falkor.url,
    FALKOR_TOKEN: c.falkor.token,
  };
}
