import { ConfigError, requireAll, str, url, type Env } from '../../env';

export interface FourHseConfig {
  baseUrl: string;
  /** Either a static access token (sent as `access-token`) … */
  accessToken?: string;
  /** … or the OAuth2 password flow; the token is cached and refreshed before it expires. */
  oauth?: { tokenUrl: string; clientId: string; username: string; password: string };
}

const OAUTH = ['FOURHSE_TOKEN_URL', 'FOURHSE_CLIENT_ID', 'FOURHSE_USERNAME', 'FOURHSE_PASSWORD'];

/** FOURHSE_BASE_URL with either FOURHSE_ACCESS_TOKEN or the four OAuth2 variables. */
export function readFourHseConfig(env: Env): FourHseConfig | undefined {
  const baseUrl = url(env, 'FOURHSE_BASE_URL');
  const accessToken = str(env, 'FOURHSE_ACCESS_TOKEN');
  requireAll(env, OAUTH, '4HSE OAuth2 password flow');
  const tokenUrl = url(env, 'FOURHSE_TOKEN_URL');
  if (!baseUrl) {
    for (const n of ['FOURHSE_ACCESS_TOKEN', ...OAUTH]) {
      if (str(env, n)) throw new ConfigError('FOURHSE_BASE_URL', `is required when ${n} is set`);
    }
    return undefined;
  }
  if (!accessToken && !tokenUrl) {
    throw new ConfigError('FOURHSE_ACCESS_TOKEN', 'or FOURHSE_TOKEN_URL with FOURHSE_CLIENT_ID, FOURHSE_USERNAME, FOURHSE_PASSWORD is required when FOURHSE_BASE_URL is set');
  }
  if (accessToken && tokenUrl) {
    throw new ConfigError('FOURHSE_ACCESS_TOKEN', 'and FOURHSE_TOKEN_URL are both set: choose one way to authenticate to 4HSE');
  }
  return {
    baseUrl,
    accessToken,
    oauth: tokenUrl ? { tokenUrl, clientId: str(env, 'FOURHSE_CLIENT_ID')!, username: str(env, 'FOURHSE_USERNAME')!, password: str(env, 'FOURHSE_PASSWORD')! } : undefined,
  };
}
