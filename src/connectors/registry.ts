import { ensinio } from './ensinio';
import { falkor } from './falkor';
import { fourhse } from './fourhse';
import { SourceRegistry, type SourceModule } from './module';
import { springest } from './springest';

/**
 * The sources this gateway is built with, in their global order: the one list
 * of source names. Adding a source is a folder under src/connectors/ and one
 * line here (then `npm run emit-schema` and a README row).
 */
export const BUILTIN_SOURCES: readonly SourceModule[] = [fourhse, springest, ensinio, falkor];

export const defaultRegistry = (): SourceRegistry => new SourceRegistry(BUILTIN_SOURCES);
