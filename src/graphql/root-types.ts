import type { GraphQLSchema } from 'graphql';

/**
 * Descriptions of the root operation types. type-graphql 2 builds Query,
 * Mutation and Subscription itself and takes no description for them, so
 * createSchema sets them on the built schema (introspection and
 * schema.graphql show them; the schema linters require them).
 */
const ROOT_DESCRIPTIONS = {
  query:
    'Reads: certificates of all configured sources in one order (certificates), one holder, person, certification, story or any object by ID, the reference lists, and the state of each source',
  mutation: 'Writes to the source that owns a certificate: issue, update (4HSE), revoke (4HSE, Ensinio). Every input is validated before anything is sent; idempotencyKey makes retries safe',
  subscription: 'Live events over the websocket (graphql-transport-ws on /graphql), with replay of missed events by eventId',
} as const;

export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) query.description = ROOT_DESCRIPTIONS.query;
  if (mutation) mutation.description = ROOT_DESCRIPTIONS.mutation;
  if (subscription) subscription.description = ROOT_DESCRIPTIONS.subscription;
  return schema;
}
