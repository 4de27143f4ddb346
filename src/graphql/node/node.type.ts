import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from '../../ids';

/** Every object with a global ID. Implementations carry a non-GraphQL `typename` used to resolve the type. */
@InterfaceType({
  resolveType: (value: { typename: NodeType }) => value.typename,
  description: 'An object with a global ID that node(id:) fetches again (Relay Global Object Identification)',
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque, stable, global ID: the same object has the same ID across requests, replicas and restarts' })
  id: string;
}
