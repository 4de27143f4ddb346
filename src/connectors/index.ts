import type { Config } from '../config';
import type { SourceName } from '../domain';
import type { ConnectorDeps } from './deps';
import { createEnsinioConnector } from './ensinio';
import { createFalkorConnector } from './falkor';
import { createFourHseConnector } from './fourhse';
import { createSpringestConnector } from './springest';
import type { Connector } from './types';

/** One connector per configured source. */
export function createConnectors(config: Config, deps: ConnectorDeps): Map<SourceName, Connector> {
  const out = new Map<SourceName, Connector>();
  if (config.fourhse) out.set('FOURHSE', createFourHseConnector(config.fourhse, deps));
  if (config.springest) out.set('SPRINGEST', createSpringestConnector(config.springest, deps));
  if (config.ensinio) out.set('ENSINIO', createEnsinioConnector(config.ensinio, deps));
  if (config.falkor) out.set('FALKOR', createFalkorConnector(config.falkor, deps));
  return out;
}
