import type { Clock } from '../clock';
import type { SourceRegistry } from '../connectors/module';
import { RequirementCatalog } from '../compliance/evaluate';
import { parseRequirementsFile } from '../compliance/requirements-file';
import type { ComplianceFiles } from '../compliance/view';
import { WatchedFile, type WatchedFileState } from '../files/watched-file';
import { ActionType } from '../graphql/enums';
import { createIdDecoder } from '../ids';
import type { Logger } from '../logger';
import { PeopleDirectory } from '../people/directory';
import { parsePeopleFile } from '../people/people-file';

/** PEOPLE_FILE and REQUIREMENTS_FILE, loaded before the gateway listens and reloaded while it runs. */
export interface ComplianceFileSet {
  files: ComplianceFiles;
  /** For /readyz: each configured file and whether its current version on disk was refused. */
  states(): WatchedFileState[];
  close(): void;
}

export interface ComplianceFileOptions {
  peopleFile?: string;
  requirementsFile?: string;
  registry: SourceRegistry;
  logger: Logger;
  clock: Clock;
  /** The stat fallback's period (default 5 s). */
  statIntervalMs?: number;
}

/**
 * Starts both files (a bad one stops start-up with a ConfigError naming the
 * variable, file, row and column). The requirements are checked against the
 * people's tags as they are when the requirements load.
 */
export async function startComplianceFiles(opts: ComplianceFileOptions): Promise<ComplianceFileSet> {
  const ids = createIdDecoder(opts.registry);
  const holderSources = opts.registry.modules.map((m) => ({ name: m.name, resourceId: m.ids.Resource }));
  const common = { logger: opts.logger, clock: opts.clock, statIntervalMs: opts.statIntervalMs };
  const people = opts.peopleFile
    ? await WatchedFile.start({
        ...common,
        variable: 'PEOPLE_FILE',
        path: opts.peopleFile,
        parse: (text) => new PeopleDirectory(parsePeopleFile(text, /\.json$/i.test(opts.peopleFile!) ? 'json' : 'csv', holderSources)),
      })
    : null;
  const requirements = opts.requirementsFile
    ? await WatchedFile.start({
        ...common,
        variable: 'REQUIREMENTS_FILE',
        path: opts.requirementsFile,
        parse: (text) =>
          new RequirementCatalog(
            parseRequirementsFile(text, {
              actionTypes: Object.values(ActionType),
              decodeCertification: (id) => {
                try {
                  const d = ids.decode(id, 'certificationId', 'Certification');
                  return { source: d.source, sourceId: d.key[0] };
                } catch {
                  return null;
                }
              },
              knownTags: people ? people.current.tags : undefined,
            }),
          ),
      })
    : null;
  return {
    files: {
      people: () => people?.current ?? PeopleDirectory.EMPTY,
      requirements: () => requirements?.current ?? RequirementCatalog.EMPTY,
      version: () => (people || requirements ? `${people?.version.slice(0, 16) ?? '-'}.${requirements?.version.slice(0, 16) ?? '-'}` : ''),
    },
    states: () => [people, requirements].filter((f) => f !== null).map((f) => f.state()),
    close() {
      people?.close();
      requirements?.close();
    },
  };
}
