import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { badArguments, createFormatError } from '../src/errors';
import { argumentPathsRule, formatPath, variableProblems } from '../src/input-errors';
import { createLogger, createSecrets } from '../src/logger';
import { DateTimeScalar } from '../src/graphql/scalars';

/**
 * The gateway's schema takes no DateTime argument (DateTime is output only),
 * so its one-error-shape guarantee is checked here on a schema that does,
 * with graphql-js's real validation and coercion and the gateway's own
 * formatError: the same answer for the value written or given as a variable.
 */
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: { at: { type: GraphQLString, args: { when: { type: new GraphQLNonNull(DateTimeScalar) } }, resolve: () => 'ok' } },
  }),
});
const format = createFormatError(createLogger({ level: 'info', secrets: createSecrets([]), write: () => undefined }));

describe('DateTime arguments', () => {
  it('a bad DateTime written in the document is BAD_USER_INPUT naming the argument', () => {
    const errors = validate(schema, parse('{ at(when: "yesterday") }'), [...specifiedRules, argumentPathsRule]);
    expect(errors).toHaveLength(1);
    const out = format(errors[0].toJSON(), errors[0]);
    expect(out.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'when' });
    expect(out.message).toBe('Invalid argument when: DateTime must be ISO 8601 with a time zone (2026-11-29T14:00:00Z), got "yesterday"');
  });

  it('the same DateTime as a variable answers the same', () => {
    const document = parse('query($w: DateTime!) { at(when: $w) }');
    const problems = variableProblems(schema, document, getOperationAST(document)!, { w: 'yesterday' });
    expect(problems).toEqual([{ field: 'when', message: 'DateTime must be ISO 8601 with a time zone (2026-11-29T14:00:00Z), got "yesterday"' }]);
    const e = badArguments(problems);
    const out = format(e.toJSON(), e);
    expect(out.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'when' });
    expect(out.message).toBe('Invalid argument when: DateTime must be ISO 8601 with a time zone (2026-11-29T14:00:00Z), got "yesterday"');
  });

  it('a good DateTime passes both ways', () => {
    expect(validate(schema, parse('{ at(when: "2026-11-29T14:00:00+01:00") }'), [...specifiedRules, argumentPathsRule])).toEqual([]);
    const document = parse('query($w: DateTime!) { at(when: $w) }');
    expect(variableProblems(schema, document, getOperationAST(document)!, { w: '2026-11-29T14:00:00Z' })).toEqual([]);
  });

  it('without the path rule a bad literal is not mistaken for a bad argument (no field to name)', () => {
    const errors = validate(schema, parse('{ at(when: 5) }'), specifiedRules);
    const out = format(errors[0].toJSON(), errors[0]);
    expect(out.extensions!.field).toBeUndefined();
  });
});

it('formats argument paths as a frontend reads them', () => {
  expect(formatPath(['input', 'fourhse', 'tenantId'])).toBe('input.fourhse.tenantId');
  expect(formatPath(['filter', 'status', 1])).toBe('filter.status[1]');
});
