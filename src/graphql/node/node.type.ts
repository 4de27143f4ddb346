import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from '../../ids';

/** Every object with a global ID. Implementations carry a non-GraphQL `typename` used to resolve the type. */
@InterfaceType({ resolveType: (value: { typename: NodeType }) => value.typename })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque, stable, global ID' })
  id: string;
}
