import type { Env } from '../env';
import type { ConnectorDeps } from './deps';
import type { Connector, WebhookSource } from './types';

/**
 * What a source can do, asked by the rest of the gateway instead of switching
 * on source names.
 */
export interface SourceCapabilities {
  /** Its certificates carry the holder's email: person(email) and the holderEmail filter can match it. */
  readonly holderEmail: boolean;
  /** It holds stories (Story, the storyId filter). */
  readonly stories: boolean;
  /** Its certificates have an action type (the actionType filter). */
  readonly actionTypes: boolean;
  /** Its certificates reference a certification by id only: names come from `listCertifications`, prefetched beside a list that selects them. */
  readonly certificationNamesByReference: boolean;
  /** The writes it accepts; a mutation it lacks answers NOT_SUPPORTED_BY_SOURCE. */
  readonly writes: readonly ('issue' | 'update' | 'revoke')[];
  /** How the gateway learns of changes: the source pushes webhooks, or the gateway polls it. */
  readonly changes: 'pushed' | 'polled';
  /** Issuing uploads the certificate's PDF (given base64 in the input). Default false. */
  readonly pdfUpload?: boolean;
  /** revokeCertificate without force only previews what a forced one would remove. Default false. */
  readonly revokePreview?: boolean;
}

/**
 * The key of each kind of global ID this source issues, one pattern per key
 * part. A key travels into upstream paths (view/{id}, delete/{id}), so an ID
 * whose key does not match is refused before any call. A kind the source does
 * not have is absent.
 */
export interface IdShapes {
  readonly Certificate: readonly RegExp[];
  readonly Resource: readonly RegExp[];
  readonly Certification?: readonly RegExp[];
  readonly Story?: readonly RegExp[];
}

/**
 * A running simulator of a source's upstream, for the sandbox and the tests.
 * `env` holds the variables that point the gateway at it, exactly as an
 * operator would set them for the real upstream.
 */
export interface RunningSimulator {
  readonly url: string;
  readonly env: Readonly<Record<string, string>>;
  /** Requests received, oldest first (tests count upstream calls with it). */
  readonly requests: readonly unknown[];
  /** One change to the simulator's data; returns what changed. */
  change?(kind?: 'create' | 'update' | 'delete'): string;
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  /** YYYY-MM-DD of the seeded data. */
  today: string;
  latencyMs?: number;
  seed: number;
}

/**
 * Everything the gateway needs to know of one source. One module per folder
 * under src/connectors/<source>/, listed once in registry.ts; SOURCES, the
 * GraphQL Source enum, config parsing, secrets, pollers, the sandbox and the
 * test helpers are derived from the list.
 */
export interface SourceModule<C = unknown> {
  /** The GraphQL enum value and the name in logs, metrics and IDs: SCREAMING_SNAKE, never changed once IDs are out. */
  readonly name: string;
  /** The vendor's own name, e.g. "4HSE". */
  readonly label: string;
  /** One line for the Source enum value's description. */
  readonly description: string;
  /** The environment variables this source reads; undefined when it is not configured. Throws ConfigError naming the variable. */
  readConfig(env: Env): C | undefined;
  /** The secret values in its configuration, redacted wherever they would appear. */
  secrets(config: C): readonly (string | undefined)[];
  readonly capabilities: SourceCapabilities;
  readonly ids: IdShapes;
  /** Its long-lived connector: HTTP client, credentials, caches, loaders, writer. */
  createConnector(config: C, deps: ConnectorDeps): Connector;
  /**
   * For a source that pushes its changes: served at POST /webhooks/<path>/{event},
   * accepted only with the secret set in `secretVariable`.
   */
  readonly webhook?: SourceWebhook;
  /**
   * A simulator of its upstream, for a source whose simulator is not one of
   * the sandbox's seeded four (src/sandbox starts those from one shared seed).
   */
  startSimulator?(opts: SimulatorOptions): Promise<RunningSimulator>;
}

/** A source's webhook: where it is served, where its secret is set, and how its bodies are read. */
export interface SourceWebhook {
  /** The route segment: POST /webhooks/<path>/{event}. */
  readonly path: string;
  /** The environment variable holding the shared secret (a secret itself: redacted everywhere). */
  readonly secretVariable: string;
  readonly parser: WebhookSource;
}

export const SOURCE_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;

/** The sources a gateway runs with, in their global order (ties in a list go to the source listed first). */
export class SourceRegistry {
  readonly names: readonly string[];
  private readonly byName: ReadonlyMap<string, SourceModule>;

  constructor(readonly modules: readonly SourceModule[]) {
    const byName = new Map<string, SourceModule>();
    for (const m of modules) {
      if (!SOURCE_NAME.test(m.name)) throw new Error(`source module name must match ${SOURCE_NAME}, got "${m.name}"`);
      if (byName.has(m.name)) throw new Error(`source module "${m.name}" is listed twice`);
      byName.set(m.name, m);
    }
    this.byName = byName;
    this.names = modules.map((m) => m.name);
  }

  get(name: string): SourceModule | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }
}

/**
 * Checks a module against its own configuration type, then erases that type:
 * the registry holds modules of different configurations, and only the module
 * itself ever reads its configuration (readConfig's result goes back to its
 * own secrets and createConnector).
 */
export function defineSource<C>(module: SourceModule<C>): SourceModule {
  return module;
}
