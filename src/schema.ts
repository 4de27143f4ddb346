import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CertificateResolver } from './graphql/certificate/certificate.resolver';
import { CertificationResolver } from './graphql/certification/certification.resolver';
import { NodeResolver } from './graphql/node/node.resolver';
import { PersonResolver } from './graphql/person/person.resolver';
import { ResourceResolver } from './graphql/resource/resource.resolver';
import { SourceResolver } from './graphql/source/source.resolver';
import { StoryResolver } from './graphql/story/story.resolver';
import { CertificateEventResolver } from './graphql/events/certificate-event.resolver';
import type { PubSub } from 'type-graphql';
import { Certificate } from './graphql/certificate/certificate.type';
import { Certification } from './graphql/certification/certification.type';
import { Resource } from './graphql/resource/resource.type';
import { Story } from './graphql/story/story.type';

/** The single buildSchema call. validate: true runs class-validator on every argument and input before a resolver runs. */
export function createSchema(pubSub: PubSub = noTopics): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [CertificateResolver, ResourceResolver, CertificationResolver, StoryResolver, PersonResolver, NodeResolver, SourceResolver, CertificateEventResolver],
    orphanedTypes: [Certificate, Resource, Certification, Story],
    validate: { forbidUnknownValues: false },
    // Required by type-graphql 2; subscriptions here use their own `subscribe` (the event bus), not topics.
    pubSub,
  });
}

/** Subscriptions take their events from the EventBus; no resolver publishes to type-graphql topics. */
const noTopics: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error('certificate events come from the EventBus, not from type-graphql topics');
  },
};
