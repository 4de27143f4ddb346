/**
 * A configuration file that is reloaded while the gateway runs (PEOPLE_FILE,
 * REQUIREMENTS_FILE), on every replica from its own copy: no restart, no
 * coordination.
 *
 * - Changes are seen through fs.watch on the file's directory (editors and
 *   Kubernetes ConfigMaps replace files by rename or symlink swap, which a
 *   watch on the file itself misses) and, because fs.watch is not reliable
 *   on every file system (NFS, some container mounts), a stat every
 *   `statIntervalMs` as well. Either only triggers a read when the file's
 *   size, mtime or inode changed, and a parse only when its content did.
 * - A version that does not parse or validate is refused: the last good
 *   version stays active, ONE log line (warn) names the variable, the file,
 *   the row, column and line, and `state()` says `degraded` (/readyz shows
 *   it) until a good version arrives.
 * - The first load happens before the gateway listens: a bad file there stops
 *   start-up with the same message (there is no good version to keep).
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { ConfigError } from '../env';
import type { Logger } from '../logger';
import { FileProblem } from '../people/people-file';

/** What /readyz shows of one file. */
export interface WatchedFileState {
  variable: string;
  path: string;
  status: 'ok' | 'degraded';
  /** When the active version was loaded (ISO). */
  loadedAt: string;
  /**
   * Where the file on disk is refused, while degraded ("row 4, column email; see the log"):
   * /readyz is public, so the values themselves (emails, names) stay in the log line.
   */
  error: string | null;
}

export interface WatchedFileOptions<T> {
  variable: string;
  path: string;
  /** Throws FileProblem (or any Error) for a bad version. */
  parse(text: string): T;
  logger: Logger;
  clock: Clock;
  /** The stat fallback's period (default 5 s); 0: fs.watch only. */
  statIntervalMs?: number;
  /** Called after a new version became active. */
  onReload?(value: T): void;
}

/** `PEOPLE_FILE /etc/people.csv row 4, column email (line 4): …` */
export function describeProblem(variable: string, path: string, e: unknown): { message: string; row: number | null; column: string | null; line: number | null } {
  const p = e instanceof FileProblem ? e : null;
  const where = [p?.row != null ? `row ${p.row}` : null, p?.column ? `column ${p.column}` : null, p?.line != null ? `line ${p.line}` : null].filter(Boolean).join(', ');
  const reason = e instanceof Error ? e.message : String(e);
  return { message: `${variable} ${path}${where ? ` ${where}` : ''}: ${reason}`, row: p?.row ?? null, column: p?.column ?? null, line: p?.line ?? null };
}

/** How long the file must be quiet after a watch event before it is read. */
const SETTLE_MS = 100;

export class WatchedFile<T> {
  private value: T;
  private loadedAt: string;
  private error: string | null = null;
  private where: string | null = null;
  private lastStat = '';
  private lastHash = '';
  /** The content hash of the active (last good) version. */
  private activeHash: string;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private settle: NodeJS.Timeout | null = null;
  private pending: Promise<void> | null = null;
  private again = false;
  private closed = false;

  private constructor(
    private readonly opts: WatchedFileOptions<T>,
    first: { value: T; stat: string; hash: string },
  ) {
    this.value = first.value;
    this.lastStat = first.stat;
    this.lastHash = first.hash;
    this.activeHash = first.hash;
    this.loadedAt = opts.clock.now().toISOString();
  }

  /** Loads the file (a ConfigError naming the variable, file, row and column when it is bad) and starts watching it. */
  static async start<T>(opts: WatchedFileOptions<T>): Promise<WatchedFile<T>> {
    let text: string;
    let st: string;
    try {
      st = await statKey(opts.path);
      text = await readFile(opts.path, 'utf8');
    } catch (e) {
      throw new ConfigError(opts.variable, `must name a readable file; cannot read "${opts.path}" (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    let value: T;
    try {
      value = opts.parse(text);
    } catch (e) {
      throw new ConfigError(opts.variable, describeProblem(opts.variable, opts.path, e).message.slice(opts.variable.length + 1));
    }
    const f = new WatchedFile(opts, { value, stat: st, hash: digest(text) });
    f.watch();
    return f;
  }

  /** The active (last good) version. */
  get current(): T {
    return this.value;
  }

  /** The active version's content hash (sha256, hex): the same for the same file on every replica. */
  get version(): string {
    return this.activeHash;
  }

  state(): WatchedFileState {
    return { variable: this.opts.variable, path: this.opts.path, status: this.error ? 'degraded' : 'ok', loadedAt: this.loadedAt, error: this.error ? this.where : null };
  }

  /** Looks at the file now (the watchers call it); resolves once any change is applied or refused. */
  check(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = this.read().finally(() => {
      this.pending = null;
      if (this.again && !this.closed) {
        this.again = false;
        void this.check();
      }
    });
    return this.pending;
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    if (this.settle) clearTimeout(this.settle);
  }

  private watch(): void {
    const name = basename(this.opts.path);
    try {
      // The directory: a rename or symlink swap replaces the file under a watch on the file itself.
      this.watcher = watch(dirname(this.opts.path), { persistent: false }, (_event, file) => {
        // Settled first: a file written in place (truncate, then write) fires several events.
        if (!file || file === name || file.startsWith('..')) {
          if (this.settle) clearTimeout(this.settle);
          this.settle = setTimeout(() => void this.check(), SETTLE_MS);
          this.settle.unref();
        }
      });
      this.watcher.on('error', () => undefined); // the stat fallback goes on
    } catch {
      this.watcher = null;
    }
    const every = this.opts.statIntervalMs ?? 5_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.check(), every);
      this.timer.unref();
    }
  }

  private async read(): Promise<void> {
    if (this.closed) return;
    let st: string;
    let text: string;
    try {
      st = await statKey(this.opts.path);
      if (st === this.lastStat) return;
      text = await readFile(this.opts.path, 'utf8');
    } catch (e) {
      // Gone for a moment (a rename in progress) or unreadable: keep the last good version.
      this.refuse(`${this.opts.variable} ${this.opts.path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`, { row: null, column: null, line: null });
      this.lastStat = '';
      return;
    }
    this.lastStat = st;
    const hash = digest(text);
    if (hash === this.lastHash) return;
    this.lastHash = hash;
    try {
      this.value = this.opts.parse(text);
    } catch (e) {
      const d = describeProblem(this.opts.variable, this.opts.path, e);
      this.refuse(d.message, d);
      return;
    }
    this.activeHash = hash;
    this.error = null;
    this.where = null;
    this.loadedAt = this.opts.clock.now().toISOString();
    this.opts.logger.info(`${this.opts.variable} reloaded`, { variable: this.opts.variable, file: this.opts.path });
    this.opts.onReload?.(this.value);
  }

  private refuse(message: string, where: { row: number | null; column: string | null; line: number | null }): void {
    if (this.error === message) return; // said once
    this.error = message;
    const at = [where.row !== null ? `row ${where.row}` : null, where.column ? `column ${where.column}` : null, where.line !== null ? `line ${where.line}` : null].filter(Boolean).join(', ');
    this.where = `${at ? `refused at ${at}` : 'refused'}; the reason is in the log line "${this.opts.variable} refused"`;
    this.opts.logger.warn(`${this.opts.variable} refused, the last good version stays active: ${message}`, {
      variable: this.opts.variable,
      file: this.opts.path,
      row: where.row,
      column: where.column,
      line: where.line,
    });
  }
}

async function statKey(path: string): Promise<string> {
  const s = await stat(path);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
