import { GraphQLError } from 'graphql';
import { join, resolve } from 'node:path';
import { createFormatError, GatewayError } from '../src/errors';
import { createLogger, createSecrets, type LogLevel } from '../src/logger';
import { stripInstallPaths } from '../src/stack';

/**
 * Internal errors (issue 11, item 9): the one masking point (createFormatError,
 * used by HTTP and the websocket) logs a short error id with code and message
 * at error level, returns the same id to the client, and writes the stack only
 * at debug level, without absolute install paths.
 */
const ROOT = resolve(__dirname, '..');

function setup(level: LogLevel) {
  const logs: string[] = [];
  const logger = createLogger({ level, secrets: createSecrets(['sup3r-s3cret-value']), write: (l) => logs.push(l) });
  return { format: createFormatError(logger), lines: () => logs.map((l) => JSON.parse(l) as Record<string, unknown>), raw: logs };
}

/** An unexpected error thrown by a resolver, as graphql-js hands it to formatError. */
function resolverFailure(): GraphQLError {
  const original = new TypeError("Cannot read properties of undefined (reading 'holder')");
  original.stack = [
    original.stack!.split('\n')[0],
    `    at mapCertificate (${join(ROOT, 'dist/src/connectors/fourhse/mapper.js')}:41:17)`,
    `    at Array.map (<anonymous>)`,
    `    at DataLoader.batch (${join(ROOT, 'node_modules/dataloader/index.js')}:320:5)`,
    `    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`,
    `    at /opt/other/app/node_modules/graphql/execution/execute.js:1:1`,
  ].join('\n');
  return new GraphQLError(original.message, { path: ['certificates', 'nodes', 0, 'holder'], originalError: original });
}

it('answers INTERNAL_SERVER_ERROR with a short errorId, and logs that id with the code and message at error level, without a stack', () => {
  const { format, lines } = setup('info');
  const err = resolverFailure();

  const out = format(err.toJSON(), err);

  expect(out).toEqual({
    message: 'Internal server error',
    path: ['certificates', 'nodes', 0, 'holder'],
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[A-Za-z0-9_-]{8}$/) },
  });
  expect(lines()).toEqual([
    expect.objectContaining({
      level: 'error',
      msg: 'unexpected error',
      errorId: out.extensions!.errorId,
      code: 'INTERNAL_SERVER_ERROR',
      error: "TypeError: Cannot read properties of undefined (reading 'holder')",
    }),
  ]);
  expect(JSON.stringify(lines())).not.toMatch(/\bat |stack|\.js:\d+/);
});

it('writes the stack at debug level only, under the same id, with paths relative to the project and to node_modules', () => {
  const { format, lines } = setup('debug');
  const err = resolverFailure();

  const out = format(err.toJSON(), err);

  const [errorLine, stackLine] = lines();
  expect(errorLine).toMatchObject({ level: 'error', errorId: out.extensions!.errorId });
  expect(errorLine.stack).toBeUndefined();
  expect(stackLine).toMatchObject({ level: 'debug', msg: 'unexpected error stack', errorId: out.extensions!.errorId });
  const stack = stackLine.stack as string;
  expect(stack).toContain('at mapCertificate (dist/src/connectors/fourhse/mapper.js:41:17)');
  expect(stack).toContain('at DataLoader.batch (node_modules/dataloader/index.js:320:5)');
  expect(stack).toContain('at node_modules/graphql/execution/execute.js:1:1');
  expect(stack).toContain('node:internal/process/task_queues');
  expect(stack).not.toContain(ROOT);
  expect(stack).not.toContain('/opt/other');
});

it('two failures get two ids', () => {
  const { format } = setup('error');
  const a = format(resolverFailure().toJSON(), resolverFailure());
  const b = format(resolverFailure().toJSON(), resolverFailure());
  expect(a.extensions!.errorId).not.toBe(b.extensions!.errorId);
});

it('known errors keep their code and log nothing; secrets in an internal message are redacted', () => {
  const { format, raw } = setup('debug');
  const known = new GatewayError('FOURHSE: connection failed', { code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE' });
  expect(format(known.toJSON(), known).extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE' });
  expect(raw).toEqual([]);

  const leaky = new GraphQLError('x', { originalError: new Error('token sup3r-s3cret-value refused') });
  format(leaky.toJSON(), leaky);
  expect(raw.join('\n')).not.toContain('sup3r-s3cret-value');
});

it('stripInstallPaths leaves a stack without install paths alone', () => {
  expect(stripInstallPaths('Error: x\n    at f (node:internal/a:1:1)', '/srv/app')).toBe('Error: x\n    at f (node:internal/a:1:1)');
  expect(stripInstallPaths('at g (file:///srv/app/dist/src/a.js:2:3)', '/srv/app')).toBe('at g (dist/src/a.js:2:3)');
});
