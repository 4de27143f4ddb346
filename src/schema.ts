import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, type PubSub } from 'type-graphql';
import type { SourceRegistry } from './connectors/module';
import { CertificateResolver } from './graphql/certificate/certificate.resolver';
import { Certificate } from './graphql/certificate/certificate.type';
import { ComplianceResolver, PersonComplianceResolver } from './graphql/compliance/compliance.resolver';
import { ComplianceChangeResolver } from './graphql/compliance/compliance-change.resolver';
import { CertificationResolver } from './graphql/certification/certification.resolver';
import { Certification } from './graphql/certification/certification.type';
import { defineSources } from './graphql/enums';
import { applyOneOf } from './graphql/one-of';
import { CertificateEventResolver } from './graphql/events/certificate-event.resolver';
import { NodeResolver } from './graphql/node/node.resolver';
import { PersonResolver } from './graphql/person/person.resolver';
import { ResourceResolver } from './graphql/resource/resource.resolver';
import { Resource } from './graphql/resource/resource.type';
import { SourceResolver } from './graphql/source/source.resolver';
import { describeRootTypes } from './graphql/root-types';
import { StoryResolver } from './graphql/story/story.resolver';
import { Story } from './graphql/story/story.type';

/**
 * The single buildSchema call, for the sources of `registry` (they become the
 * Source enum). validate: true runs class-validator on every argument and
 * input before a resolver runs; inputs marked @oneOf become oneOf input
 * objects. Synchronous, so the Source enum filled just
 * before is the one this schema gets.
 */
export function createSchema(registry: SourceRegistry): GraphQLSchema {
  defineSources(registry);
  const schema = buildSchemaSync({
    resolvers: [CertificateResolver, ResourceResolver, CertificationResolver, StoryResolver, PersonResolver, NodeResolver, SourceResolver, CertificateEventResolver, ComplianceResolver, PersonComplianceResolver, ComplianceChangeResolver],
    orphanedTypes: [Certificate, Resource, Certification, Story],
    validate: { forbidUnknownValues: false },
    // Required by type-graphql 2; subscriptions here use their own `subscribe` (the event bus), not topics.
    pubSub: noTopics,
  });
  // type-graphql cannot declare @oneOf inputs (applied in graphql/one-of.ts) nor describe the root types (graphql/root-types.ts).
  return readGettersDirectly(applyOneOf(describeRootTypes(schema)), [Certificate, Resource, Certification, Story]);
}

/**
 * type-graphql serves a field declared on a getter through a field resolver of
 * its own, run on every read: it converts the parent to its class (a no-op
 * for our instances) and runs the middlewares and auth checker. This schema
 * has neither, so for the getter fields of these view classes (a certificate's
 * every field) that is only time and garbage per certificate per field: they
 * are read by graphql-js's default resolver, which reads the getter, instead.
 * A global middleware or auth checker added to buildSchema must drop this.
 */
function readGettersDirectly(schema: GraphQLSchema, classes: readonly (abstract new (...args: never[]) => unknown)[]): GraphQLSchema {
  for (const cls of classes) {
    const type = schema.getType(cls.name);
    if (!isObjectType(type)) throw new Error(`readGettersDirectly: ${cls.name} is not an object type of the schema`);
    for (const field of Object.values(type.getFields())) {
      if (Object.getOwnPropertyDescriptor(cls.prototype, field.name)?.get) field.resolve = undefined;
    }
  }
  return schema;
}

/** Subscriptions take their events from the EventBus; no resolver publishes to type-graphql topics. */
const noTopics: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error('certificate events come from the EventBus, not from type-graphql topics');
  },
};
