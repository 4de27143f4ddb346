import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  print,
  typeFromAST,
  coerceInputValue,
  type ASTNode,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

/**
 * One error shape for a bad argument (issue 10, item 5): whether a value is
 * written in the document (graphql-js reports it while validating, in
 * ValuesOfCorrectTypeRule and ProvidedRequiredArgumentsRule) or given as a
 * variable (graphql-js reports it when coercing the variables), the answer is
 * BAD_USER_INPUT with `extensions.field`, the path from the argument
 * (`filter.expiresBefore`, `input.fourhse.tenantId`, `filter.sources[1]`),
 * and one message naming what was expected. GRAPHQL_VALIDATION_FAILED stays
 * for documents that do not match the schema (an unknown field or argument, a
 * variable of the wrong type).
 */
export interface ArgumentProblem {
  field: string;
  message: string;
}

/** Where a value node of the document sits: its argument path, the input type expected there, and the input object around it. */
interface Place {
  path: (string | number)[];
  type: GraphQLInputType | undefined;
  parent: GraphQLInputObjectType | undefined;
}

/**
 * Filled by argumentPathsRule while a document validates, read when its
 * errors are formatted. Keyed weakly by the document's own nodes: an entry
 * lives exactly as long as the document, whatever gateway validated it.
 */
const places = new WeakMap<ASTNode, Place>();

const VALUE_KINDS = new Set<string>([Kind.VARIABLE, Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT]);

/**
 * A validation rule that reports nothing: it records the argument path of
 * every value written inside a field's or directive's arguments, so the
 * errors graphql-js's own rules report on those nodes can name the argument.
 */
export function argumentPathsRule(context: ValidationContext): ASTVisitor {
  const path: (string | number)[] = [];
  /** Per node entered, whether it pushed a segment (popped on leave). */
  const pushed: boolean[] = [];
  return {
    enter(node, key) {
      let push = false;
      if (node.kind === Kind.ARGUMENT) {
        path.push(node.name.value);
        push = true;
      } else if (path.length > 0 && node.kind === Kind.OBJECT_FIELD) {
        path.push(node.name.value);
        push = true;
        places.set(node, { path: [...path], type: context.getInputType() ?? undefined, parent: parentObject(context.getParentInputType()) });
      } else if (path.length > 0 && VALUE_KINDS.has(node.kind)) {
        if (typeof key === 'number') {
          path.push(key);
          push = true;
        }
        places.set(node, { path: [...path], type: context.getInputType() ?? undefined, parent: parentObject(context.getParentInputType()) });
      }
      pushed.push(push);
    },
    leave() {
      if (pushed.pop()) path.pop();
    },
  };
}

const parentObject = (t: GraphQLInputType | null | undefined): GraphQLInputObjectType | undefined => {
  const named = t ? getNamedType(t) : undefined;
  return named && isInputObjectType(named) ? named : undefined;
};

/** `input.fourhse.tenantId`, `filter.sources[1]`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** What a value of `type` must be, in words a form can show. */
export function expectation(type: GraphQLInputType): string {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return `a list of ${expectation(nullable.ofType)}`;
  const named = getNamedType(type);
  if (isEnumType(named)) return `one of ${named.getValues().map((v) => v.name).join(', ')}`;
  if (isInputObjectType(named)) return `an object ${named.name} { ${Object.keys(named.getFields()).join(', ')} }`;
  switch (named.name) {
    case 'Int':
      return 'an integer from -2147483648 to 2147483647';
    case 'Float':
      return 'a number';
    case 'Boolean':
      return 'true or false';
    case 'String':
      return 'a string';
    case 'ID':
      return 'an ID (a string)';
    default:
      return `a ${named.name}`;
  }
}

/** A value as the answer shows it: at most 80 characters, whatever the client sent. */
const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);
const quote = (v: unknown): string => clip(JSON.stringify(v) ?? String(v));

/** A custom scalar's own explanation (our Date, DateTime), without graphql-js's prefix. */
function scalarReason(error: unknown): string | undefined {
  if (!(error instanceof Error) || error instanceof GraphQLError) return undefined;
  return error.message;
}

/** The message of one bad value: "<field> must be <what>, got <value>", or the custom scalar's own words (they name the scalar). */
function reasonFor(field: string, type: GraphQLInputType | undefined, got: string, original: unknown): string {
  const own = scalarReason(original);
  if (own) return own;
  if (!type) return `${field} is not valid, got ${got}`;
  return `${field} must be ${expectation(type)}, got ${got}`;
}

const REQUIRED_FIELD = /^Field "(?:[^".]+\.)?([^"]+)" of required type "([^"]+)" was not provided\.$/;
const UNKNOWN_FIELD = /^Field "([^"]+)" is not defined by type "([^"]+)"\./;
const ONE_OF_COUNT = /(?:must specify exactly one key|Exactly one key must be specified)/;
const ONE_OF_NULL = /^Field "(?:[^".]+\.)?([^"]+)" must be non-null\.$/;
const REQUIRED_ARGUMENT = /^(?:Field|Directive) "@?[^"]+" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\.$/;

function oneOfMessage(field: string, type: GraphQLInputObjectType | undefined, given: readonly string[]): string {
  const branches = type ? Object.keys(type.getFields()).join(', ') : 'its fields';
  const got = given.length === 0 ? 'none' : `${given.length}: ${given.join(', ')}`;
  return `${field} must give exactly one of ${branches} (@oneOf), got ${got}`;
}

/**
 * The argument problem a validation error is (a value written in the
 * document), or undefined for an error about the document itself. Reads the
 * place argumentPathsRule recorded for the error's node.
 */
export function argumentProblemOf(error: GraphQLError): ArgumentProblem | undefined {
  const node = error.nodes?.[0];
  if (!node) return undefined;
  const message = error.originalError && !(error.originalError instanceof GraphQLError) ? error.message : (error.originalError?.message ?? error.message);
  const required = REQUIRED_ARGUMENT.exec(error.message);
  if (required && node.kind === Kind.FIELD) return { field: required[1], message: `${required[1]} is required (${required[2]})` };
  const place = places.get(node);
  if (!place) return undefined;
  const here = formatPath(place.path);
  const missing = REQUIRED_FIELD.exec(message);
  if (missing && node.kind === Kind.OBJECT) {
    const field = `${here}.${missing[1]}`;
    return { field, message: `${field} is required (${missing[2]})` };
  }
  const unknown = UNKNOWN_FIELD.exec(message);
  if (unknown && node.kind === Kind.OBJECT_FIELD) {
    const fields = place.parent ? Object.keys(place.parent.getFields()).join(', ') : '';
    return { field: here, message: `${here} is not a field of ${unknown[2]}${fields ? ` (its fields: ${fields})` : ''}` };
  }
  if (ONE_OF_COUNT.test(message) && node.kind === Kind.OBJECT) {
    const named = place.type ? getNamedType(place.type) : undefined;
    return { field: here, message: oneOfMessage(here, named && isInputObjectType(named) ? named : undefined, node.fields.map((f) => f.name.value)) };
  }
  const oneOfNull = ONE_OF_NULL.exec(message);
  if (oneOfNull && node.kind === Kind.OBJECT) {
    const field = `${here}.${oneOfNull[1]}`;
    return { field, message: `${field} must not be null: give the one branch with its fields (@oneOf)` };
  }
  if (node.kind === Kind.NULL && place.type && isNonNullType(place.type)) return { field: here, message: `${here} cannot be null (${String(place.type)})` };
  if (node.kind === Kind.OBJECT_FIELD) return undefined;
  return { field: here, message: reasonFor(here, place.type, clip(print(node)), error.originalError) };
}

/** Where each variable is first used in the operation (fragments it spreads included): the argument path of the use. */
function variableUses(document: DocumentNode, operation: OperationDefinitionNode): Map<string, (string | number)[]> {
  const uses = new Map<string, (string | number)[]>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seenFragments = new Set<string>();
  const inValue = (value: ValueNode, path: (string | number)[]): void => {
    if (value.kind === Kind.VARIABLE) {
      if (!uses.has(value.name.value)) uses.set(value.name.value, path);
    } else if (value.kind === Kind.LIST) {
      value.values.forEach((v, i) => inValue(v, [...path, i]));
    } else if (value.kind === Kind.OBJECT) {
      for (const f of value.fields) inValue(f.value, [...path, f.name.value]);
    }
  };
  // Iterative over selections (a document may nest deeply); values nest at most MAX_NESTING levels.
  const stack: SelectionSetNode[] = [operation.selectionSet];
  while (stack.length > 0) {
    const set = stack.pop()!;
    for (const s of set.selections) {
      for (const d of s.directives ?? []) for (const a of d.arguments ?? []) inValue(a.value, [a.name.value]);
      if (s.kind === Kind.FIELD) {
        for (const a of s.arguments ?? []) inValue(a.value, [a.name.value]);
        if (s.selectionSet) stack.push(s.selectionSet);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        stack.push(s.selectionSet);
      } else if (!seenFragments.has(s.name.value)) {
        seenFragments.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) stack.push(f.selectionSet);
      }
    }
  }
  return uses;
}

/** The input type at `path` inside a value of `type` (list items by index, object fields by name). */
function typeAt(type: GraphQLInputType, path: readonly (string | number)[]): GraphQLInputType | undefined {
  let t: GraphQLInputType | undefined = type;
  for (const p of path) {
    const nullable: GraphQLInputType | undefined = t ? getNullableType<GraphQLInputType>(t) : undefined;
    if (!nullable) return undefined;
    if (typeof p === 'number') t = isListType(nullable) ? nullable.ofType : undefined;
    else t = isInputObjectType(nullable) ? nullable.getFields()[p]?.type : undefined;
  }
  return t;
}

/**
 * At most this many problems of variables are collected and listed (graphql-js
 * stops coercing variables after 50 errors too): a long list of bad values
 * would otherwise answer megabytes and hold the event loop while doing so.
 */
export const MAX_ARGUMENT_PROBLEMS = 50;

/** Thrown from coerceInputValue's onError to stop walking the value once the cap is reached. */
const ENOUGH = new Error('enough problems'); // never leaves variableProblems

/**
 * The problems of the operation's variables, checked as graphql-js will
 * coerce them (coerceInputValue, the same code), each named by the argument
 * path where the variable is used. Empty when they are fine. Checking stops
 * at MAX_ARGUMENT_PROBLEMS + 1: a list that long says there are more than
 * MAX_ARGUMENT_PROBLEMS (badArguments lists the first ones and says so).
 */
export function variableProblems(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | null | undefined): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const values = variables ?? {};
  // Where each variable is used is looked up only once one is bad: good requests pay for the coercion alone.
  let uses: Map<string, (string | number)[]> | undefined;
  const useOf = (name: string) => (uses ??= variableUses(document, operation)).get(name) ?? [`$${name}`];
  const limit = MAX_ARGUMENT_PROBLEMS + 1;
  for (const def of operation.variableDefinitions ?? []) {
    if (problems.length >= limit) break;
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (!type) continue; // an unknown type: validation has refused the document already
    const has = Object.hasOwn(values, name);
    const value = values[name];
    if (!has || value === undefined) {
      if (isNonNullType(type) && !def.defaultValue) {
        const base = formatPath(useOf(name));
        problems.push({ field: base, message: `${base} is required (${String(type)}), but variable $${name} was not given` });
      }
      continue;
    }
    if (value === null && isNonNullType(type)) {
      const base = formatPath(useOf(name));
      problems.push({ field: base, message: `${base} cannot be null (${String(type)})` });
      continue;
    }
    try {
      coerceInputValue(value, type, (path, invalid, error) => {
        problems.push(variableProblem(useOf(name), type, path, invalid, error));
        // Stop coercing: the rest of a 100,000-item list is not walked.
        if (problems.length >= limit) throw ENOUGH;
      });
    } catch (e) {
      if (e !== ENOUGH) throw e;
    }
  }
  return problems;
}

function variableProblem(at: (string | number)[], variableType: GraphQLInputType, path: readonly (string | number)[], invalid: unknown, error: GraphQLError): ArgumentProblem {
  const message = error.message;
  const here = formatPath([...at, ...path]);
  const missing = REQUIRED_FIELD.exec(message);
  if (missing) {
    const field = `${here}.${missing[1]}`;
    return { field, message: `${field} is required (${missing[2]})` };
  }
  const unknown = UNKNOWN_FIELD.exec(message);
  if (unknown) {
    const field = `${here}.${unknown[1]}`;
    const parent = getNamedType(typeAt(variableType, path) ?? variableType);
    const fields = isInputObjectType(parent) ? Object.keys(parent.getFields()).join(', ') : '';
    return { field, message: `${field} is not a field of ${unknown[2]}${fields ? ` (its fields: ${fields})` : ''}` };
  }
  const type = typeAt(variableType, path);
  if (ONE_OF_COUNT.test(message)) {
    const named = type ? getNamedType(type) : undefined;
    const given = invalid && typeof invalid === 'object' ? Object.keys(invalid).filter((k) => (invalid as Record<string, unknown>)[k] !== undefined) : [];
    return { field: here, message: oneOfMessage(here, named && isInputObjectType(named) ? named : undefined, given) };
  }
  if (ONE_OF_NULL.test(message)) return { field: here, message: `${here} must not be null: give the one branch with its fields (@oneOf)` };
  if (invalid === null && type && isNonNullType(type)) return { field: here, message: `${here} cannot be null (${String(type)})` };
  return { field: here, message: reasonFor(here, type, quote(invalid), error.originalError) };
}

/** "Invalid argument <field>: <what is wrong>", as class-validator's violations are answered (errors.ts). */
export const argumentMessage = (p: ArgumentProblem): string => `Invalid argument ${p.field}: ${p.message}`;
