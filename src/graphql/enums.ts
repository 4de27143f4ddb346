import { ValidateBy, type ValidationOptions } from 'class-validator';
import { registerEnumType } from 'type-graphql';
import type { SourceRegistry } from '../connectors/module';

/**
 * The Source enum's values are the registry's source names. type-graphql
 * reads an enum object when it builds a schema, so this object is filled from
 * the registry just before (defineSources, called by createSchema); a field
 * typed Source holds a source name.
 */
export type Source = string;
export const Source: Record<string, string> = {};
const sourceValues: Record<string, { description?: string }> = {};
registerEnumType(Source, { name: 'Source', description: 'The upstream system that holds an object', valuesConfig: sourceValues });

export function defineSources(registry: SourceRegistry): void {
  for (const k of Object.keys(Source)) delete Source[k];
  for (const k of Object.keys(sourceValues)) delete sourceValues[k];
  for (const m of registry.modules) {
    Source[m.name] = m.name;
    sourceValues[m.name] = { description: m.description };
  }
}

/** A list of sources is bounded by how many there are (the enum already refuses unknown names). */
export function MaxSources(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxSources',
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.length <= Object.keys(Source).length,
        defaultMessage: (args) => `${args?.property ?? 'sources'} must list at most ${Object.keys(Source).length} sources`,
      },
    },
    options,
  );
}

export enum CertificateStatus {
  VALID = 'VALID',
  EXPIRING = 'EXPIRING',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  PENDING = 'PENDING',
}
registerEnumType(CertificateStatus, {
  name: 'CertificateStatus',
  valuesConfig: {
    EXPIRING: { description: 'Expires within EXPIRING_WITHIN_DAYS (default 30) days' },
    PENDING: { description: 'A story certificate not yet delivered' },
  },
});

export enum ResourceType {
  PERSON = 'PERSON',
  MATERIAL_ITEM = 'MATERIAL_ITEM',
  ROLE = 'ROLE',
  WORK_GROUP = 'WORK_GROUP',
  WORK_ENVIRONMENT = 'WORK_ENVIRONMENT',
  SUBSTANCE = 'SUBSTANCE',
  EQUIPMENT = 'EQUIPMENT',
  OFFICE = 'OFFICE',
  UNIT = 'UNIT',
}
registerEnumType(ResourceType, { name: 'ResourceType', description: 'What a certificate holder is (4HSE certifies equipment, substances … as well as people)' });

export enum StoryType {
  STORY = 'STORY',
  ASSESSMENT = 'ASSESSMENT',
  SURVEY = 'SURVEY',
  SCORM = 'SCORM',
}
registerEnumType(StoryType, { name: 'StoryType' });

export enum ActionType {
  TRAINING = 'TRAINING',
  MAINTENANCE = 'MAINTENANCE',
  HEALTH = 'HEALTH',
  CHECK = 'CHECK',
  PER = 'PER',
}
registerEnumType(ActionType, { name: 'ActionType', description: "4HSE's requirement types (PER: personal protective equipment)" });

export enum ValidityUnit {
  YEAR = 'YEAR',
  MONTH = 'MONTH',
  DAY = 'DAY',
}
registerEnumType(ValidityUnit, { name: 'ValidityUnit' });

export enum CertificateOrderField {
  EXPIRES_ON = 'EXPIRES_ON',
  ISSUED_ON = 'ISSUED_ON',
  NAME = 'NAME',
}
registerEnumType(CertificateOrderField, { name: 'CertificateOrderField' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });
