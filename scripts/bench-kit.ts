/**
 * The plumbing `npm run bench` and `npm run bench:soak` share: child processes
 * that answer typed messages over IPC, and a keep-alive POST for the load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';

export type Msg = Record<string, any>;
export type Child = { child: ChildProcess; ready: Msg };

/**
 * Forks `script` in `mode` (NODE_ENV=production, as in the Docker image:
 * graphql-js skips its development checks); resolves with the child's first
 * message, rejects if it exits before sending one.
 */
export function startChild(script: string, mode: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<Child> {
  const child = fork(script, [mode], { env: { ...process.env, NODE_ENV: 'production', ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: Msg) => resolve({ child, ready: m }));
    child.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
  });
}

/** Sends `{type, ...fields}` to the child and resolves with its first message of type `reply`. */
export function ask(child: ChildProcess, type: string, reply: string, fields: Msg = {}): Promise<Msg> {
  return new Promise((resolve) => {
    const on = (m: Msg) => {
      if (m.type === reply) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
    child.send({ ...fields, type });
  });
}

/** The load generator's connections, kept alive across requests. */
export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a JSON body; resolves with the status and the whole answer as text. */
export function post(url: string, body: string, headers: Record<string, string> = {}, via: Agent = agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: via, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
