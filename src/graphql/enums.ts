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
registerEnumType(Source, {
  name: 'Source',
  description: 'The upstream system that holds an object. Every value exists whether or not the source is configured here (`sources` tells which are)',
  valuesConfig: sourceValues,
});

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
  description: "A certificate's state today (the gateway's UTC date), computed by the gateway from expiresOn and the source's own state",
  valuesConfig: {
    VALID: { description: 'Not expired and not within the expiry window; also every certificate without an expiry date' },
    EXPIRING: { description: 'Expires between today and EXPIRING_WITHIN_DAYS (default 30) days from today, both included' },
    EXPIRED: { description: 'expiresOn is before today' },
    REVOKED: { description: 'Withdrawn by the source (Springest status revoked or rejected); takes precedence over the dates' },
    PENDING: { description: 'Not delivered yet (Falkor story certificate in state pending, Springest status pending); takes precedence over the dates' },
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
registerEnumType(ResourceType, {
  name: 'ResourceType',
  description: "What a certificate holder is: 4HSE's resource types (4HSE certifies equipment, substances … as well as people); Springest, Ensinio and Falkor holders are always PERSON",
  valuesConfig: {
    PERSON: { description: 'A person (every holder of Springest, Ensinio and Falkor)' },
    MATERIAL_ITEM: { description: '4HSE: a material item, i.e. a piece of personal protective equipment (PPE)' },
    ROLE: { description: "4HSE: a role (job position) of an office" },
    WORK_GROUP: { description: '4HSE: a group of workers' },
    WORK_ENVIRONMENT: { description: '4HSE: a work environment of an office' },
    SUBSTANCE: { description: '4HSE: a substance used in an office' },
    EQUIPMENT: { description: '4HSE: a piece of office equipment (machine, tool, vehicle …)' },
    OFFICE: { description: '4HSE: an office (site) of the company (project)' },
    UNIT: { description: '4HSE: a unit, i.e. a supplier' },
  },
});

export enum StoryType {
  STORY = 'STORY',
  ASSESSMENT = 'ASSESSMENT',
  SURVEY = 'SURVEY',
  SCORM = 'SCORM',
}
registerEnumType(StoryType, {
  name: 'StoryType',
  description: 'The kind of a Falkor story (Falkor sends it in mixed case; the gateway upper-cases it)',
  valuesConfig: {
    STORY: { description: 'A learning story' },
    ASSESSMENT: { description: 'An assessment (test)' },
    SURVEY: { description: 'A survey' },
    SCORM: { description: 'A SCORM package' },
  },
});

export enum ActionType {
  TRAINING = 'TRAINING',
  MAINTENANCE = 'MAINTENANCE',
  HEALTH = 'HEALTH',
  CHECK = 'CHECK',
  PER = 'PER',
}
registerEnumType(ActionType, {
  name: 'ActionType',
  description: "The kind of requirement a 4HSE certificate proves (4HSE's action_type); only 4HSE certificates have one",
  valuesConfig: {
    TRAINING: { description: 'A training course attended (holder: a person)' },
    MAINTENANCE: { description: 'Maintenance carried out (holder: usually equipment, a material item or a work environment)' },
    HEALTH: { description: 'A medical examination (holder: a person)' },
    CHECK: { description: 'An inspection or check' },
    PER: { description: 'A personal protective equipment (PPE) requirement (holder: a person)' },
  },
});

export enum ValidityUnit {
  YEAR = 'YEAR',
  MONTH = 'MONTH',
  DAY = 'DAY',
}
registerEnumType(ValidityUnit, {
  name: 'ValidityUnit',
  description: "The unit of a 4HSE validity period (4HSE's validity_unit)",
  valuesConfig: {
    YEAR: { description: 'Calendar years' },
    MONTH: { description: 'Calendar months' },
    DAY: { description: 'Days' },
  },
});

export enum CertificateOrderField {
  EXPIRES_ON = 'EXPIRES_ON',
  ISSUED_ON = 'ISSUED_ON',
  NAME = 'NAME',
}
registerEnumType(CertificateOrderField, {
  name: 'CertificateOrderField',
  description: 'What certificate lists are sorted by; certificates with equal values keep one fixed order, so pages neither repeat nor skip',
  valuesConfig: {
    EXPIRES_ON: { description: 'Expiry date; certificates without one come last ascending, first descending' },
    ISSUED_ON: { description: 'Issue date; certificates without one come last ascending, first descending' },
    NAME: { description: 'Certificate name, ignoring case and accents; certificates without one come last ascending, first descending' },
  },
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction',
  valuesConfig: {
    ASC: { description: 'Ascending: earliest date or A first' },
    DESC: { description: 'Descending: latest date or Z first' },
  },
});
