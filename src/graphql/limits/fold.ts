import {
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * How a fold treats one field: what the field adds by itself (`own`), and how
 * the value of its selection set is turned into a value at the field's level
 * (`lift`, default identity). `skip` leaves the field and its selections out.
 */
export interface FieldStep<T> {
  skip?: boolean;
  own?: T;
  lift?: (child: T) => T;
}

export interface Fold<T> {
  zero: T;
  /** Combines two values of siblings (a sum, a max …). */
  merge(a: T, b: T): T;
  /** `parent` is the type the field is selected on (undefined when unknown); `def` its definition when known. */
  field(node: FieldNode, parent: GraphQLNamedType | undefined, def: GraphQLField<unknown, unknown> | undefined): FieldStep<T>;
}

interface Frame<T> {
  selections: SelectionSetNode['selections'];
  type: GraphQLNamedType | undefined;
  i: number;
  acc: T;
  /** Fragments already spread in this collection: graphql-js executes a fragment once per field, however often it is spread there. */
  spread: Set<string>;
  done(v: T): void;
}

/**
 * Folds a selection set into one value WITHOUT recursion: an explicit stack,
 * so no document, however deep its nesting or long its fragment chains, can
 * overflow the call stack. Each fragment is folded once and its value reused
 * at every spread (a fragment spread twice in each of 40 levels costs 40
 * folds, not 2^40); as in graphql-js's collectFields, a fragment spread
 * again under the same field counts once. A fragment met again while it is being folded (a cycle,
 * which NoFragmentCyclesRule reports) counts as `zero`.
 */
export function foldSelections<T>(fold: Fold<T>, document: DocumentNode, root: SelectionSetNode, rootType: GraphQLNamedType | undefined, schema?: GraphQLSchema): T {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, T | 'pending'>();
  const typeNamed = (name: string | undefined, fallback: GraphQLNamedType | undefined) => (name && schema ? schema.getType(name) ?? undefined : fallback);
  let result = fold.zero;
  const stack: Frame<T>[] = [{ selections: root.selections, type: rootType, i: 0, acc: fold.zero, spread: new Set(), done: (v) => (result = v) }];
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.i >= f.selections.length) {
      stack.pop();
      f.done(f.acc);
      continue;
    }
    const sel = f.selections[f.i++];
    if (sel.kind === Kind.FIELD) {
      const parent = f.type;
      const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[sel.name.value] : undefined;
      const step = fold.field(sel, parent, def);
      if (step.skip) continue;
      if (step.own !== undefined) f.acc = fold.merge(f.acc, step.own);
      if (sel.selectionSet) {
        const lift = step.lift ?? ((c: T) => c);
        stack.push({ selections: sel.selectionSet.selections, type: def ? getNamedType(def.type) : undefined, i: 0, acc: fold.zero, spread: new Set(), done: (c) => (f.acc = fold.merge(f.acc, lift(c))) });
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      stack.push({ selections: sel.selectionSet.selections, type: typeNamed(sel.typeCondition?.name.value, f.type), i: 0, acc: fold.zero, spread: f.spread, done: (c) => (f.acc = fold.merge(f.acc, c)) });
    } else {
      const name = sel.name.value;
      if (f.spread.has(name)) continue;
      f.spread.add(name);
      const known = memo.get(name);
      if (known === 'pending') continue;
      if (known !== undefined) {
        f.acc = fold.merge(f.acc, known);
        continue;
      }
      const frag = fragments.get(name);
      if (!frag) continue;
      memo.set(name, 'pending');
      stack.push({
        selections: frag.selectionSet.selections,
        type: typeNamed(frag.typeCondition.name.value, undefined),
        i: 0,
        acc: fold.zero,
        // Its own collection, so that its value (reused at every spread) does not depend on where it was first met.
        spread: new Set([name]),
        done: (c) => {
          memo.set(name, c);
          f.acc = fold.merge(f.acc, c);
        },
      });
    }
  }
  return result;
}
