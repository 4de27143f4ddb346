import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync, type PubSub } from 'type-graphql';
import type { SourceRegistry } from './connectors/module';
import { CertificateResolver } from './graphql/certificate/certificate.resolver';
import { Certificate } from './graphql/certificate/certificate.type';
import { ComplianceResolver, PersonComplianceResolver } from './graphql/compliance/compliance.resolver';
import { ComplianceChangeResolver } from './graphql/compliance/compliance-change.resolver';
import { CertificationResolver } from './graphql/certification/certification.resolver';
import { Certification } from './graphql/certification/certification.type';
import { defineSources } from './graphql/enums';
import { CertificateEventResolver } from './graphql/events/certificate-event.resolver';
import { NodeResolver } from './graphql/node/node.resolver';
import { PersonResolver } from './graphql/person/person.resolver';
import { ResourceResolver } from './graphql/resource/resource.resolver';
import { Resource } from './graphql/resource/resource.type';
import { SourceResolver } from './graphql/source/source.resolver';
import { StoryResolver } from './graphql/story/story.resolver';
import { Story } from './graphql/story/story.type';

/**
 * The single buildSchema call, for the sources of `registry` (they become the
 * Source enum). validate: true runs class-validator on every argument and
 * input before a resolver runs. Synchronous, so the Source enum filled just
 * before is the one this schema gets.
 */
export function createSchema(registry: SourceRegistry): GraphQLSchema {
  defineSources(registry);
  return buildSchemaSync({
    resolvers: [CertificateResolver, ResourceResolver, CertificationResolver, StoryResolver, PersonResolver, NodeResolver, SourceResolver, CertificateEventResolver, ComplianceResolver, PersonComplianceResolver, ComplianceChangeResolver],
    orphanedTypes: [Certificate, Resource, Certification, Story],
    validate: { forbidUnknownValues: false },
    // Required by type-graphql 2; subscriptions here use their own `subscribe` (the event bus), not topics.
    pubSub: noTopics,
  });
}

/** Subscriptions take their events from the EventBus; no resolver publishes to type-graphql topics. */
const noTopics: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error('certificate events come from the EventBus, not from type-graphql topics');
  },
};
