import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { upstreamEnv } from '../../src/sandbox/sandbox-config';

/**
 * The built gateway (dist/src/main.js, as `npm start` runs it) in its own
 * process, configured by environment like a deployed replica. `npm test`
 * builds first.
 */
export interface ProcessGateway {
  url: string;
  child: ChildProcess;
  logs: string[];
  /** stdout lines that did not parse as JSON (there should be none: the banner goes to stderr). */
  notJson: string[];
  /** Its exit code once it exited AND its stdout/stderr are read to the end ('close', not 'exit': the last log lines are in `logs`). */
  closed: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The environment that points a gateway process at the sandbox's four simulators (production defaults, 4HSE by access token). */
export const sandboxEnv = upstreamEnv;

/** `main`: another built tree's main.js (default the repository's dist/src/main.js). */
export async function startProcessGateway(env: Record<string, string>, main = join(__dirname, '..', '..', 'dist', 'src', 'main.js')): Promise<ProcessGateway> {
  const child = spawn(process.execPath, [main], {
    // No shutdown delay unless a test asks for one: SIGTERM then drains at once, as the tests expect.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_DELAY_S: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const notJson: string[] = [];
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${logs.join('\n')}`)), 20_000);
    const onLine = (line: string) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'gateway listening') {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        notJson.push(line);
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString('utf8');
      let i;
      while ((i = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, i));
        buffered = buffered.slice(i + 1);
      }
    });
    child.stderr.on('data', (d: Buffer) => logs.push(d.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  // One answer from it: main.ts has installed its signal handlers by then (they follow 'gateway listening').
  await fetch(`${url}/healthz`, { headers: { connection: 'close' } });
  return {
    url,
    child,
    logs,
    notJson,
    closed,
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return closed;
    },
  };
}
