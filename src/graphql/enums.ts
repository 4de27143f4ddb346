import { registerEnumType } from 'type-graphql';

export enum Source {
  FOURHSE = 'FOURHSE',
  SPRINGEST = 'SPRINGEST',
  ENSINIO = 'ENSINIO',
  FALKOR = 'FALKOR',
}
registerEnumType(Source, { name: 'Source', description: 'The upstream system that holds an object' });

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
