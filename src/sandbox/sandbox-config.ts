import type { Config } from '../config';
import type { Sandbox } from './index';

/**
 * Points a config at the in-process simulators: every source configured, 4HSE
 * through its OAuth2 password flow (so the token cache runs in the sandbox too).
 */
export function sandboxConfig(base: Config, sandbox: Sandbox): Config {
  const c = sandbox.credentials;
  return Object.freeze({
    ...base,
    sandbox: true,
    fourhse: {
      baseUrl: sandbox.fourhse.url,
      oauth: { tokenUrl: sandbox.fourhse.tokenUrl, clientId: c.fourhse.oauth.clientId, username: c.fourhse.oauth.username, password: c.fourhse.oauth.password },
    },
    springest: { baseUrl: sandbox.springest.url, apiKey: c.springest.apiKey, certificationsApiKey: c.springest.certificationsApiKey },
    ensinio: { baseUrl: sandbox.ensinio.url, token: c.ensinio.token },
    falkor: { baseUrl: sandbox.falkor.url, token: c.falkor.token },
  });
}

