import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Certificate, PageInfo } from '../certificate/certificate.type';
import { ActionType } from '../enums';
import { DateScalar } from '../scalars';
import { Person } from '../person/person.type';
import { Resource } from '../resource/resource.type';

export enum ComplianceStatus {
  EXPIRED = 'EXPIRED',
  MISSING = 'MISSING',
  EXPIRING = 'EXPIRING',
  VALID = 'VALID',
}
registerEnumType(ComplianceStatus, {
  name: 'ComplianceStatus',
  description: "A person's standing against one requirement",
  valuesConfig: {
    VALID: { description: 'A satisfying certificate that stays valid past the EXPIRING window (or never expires)' },
    EXPIRING: { description: "The best satisfying certificate expires (less the requirement's minRemainingDays) within the requirement's expiringWithinDays, else EXPIRING_WITHIN_DAYS" },
    EXPIRED: { description: "The best satisfying certificate has expired (less the requirement's minRemainingDays)" },
    MISSING: { description: 'No certificate in any source satisfies the requirement (revoked and pending ones never do)' },
  },
});

export enum MatchReason {
  NAME = 'NAME',
  EMAIL_LOCAL_PART = 'EMAIL_LOCAL_PART',
}
registerEnumType(MatchReason, {
  name: 'MatchReason',
  description: 'Why a person of the people file is a likely match for an unlinked holder',
  valuesConfig: {
    NAME: { description: "The same name, once accents, case, punctuation and word order are folded" },
    EMAIL_LOCAL_PART: { description: "The holder's name (or email) folded equals the person's email local part, or the other way round" },
  },
});

@ObjectType({ simpleResolvers: true, description: 'What a certificate must be to satisfy one requirement of a requirement set (REQUIREMENTS_FILE); every condition given must hold' })
export class Requirement {
  @Field({ description: 'Unique within its set' })
  id: string;
  @Field({ description: 'Readable name' })
  name: string;
  @Field({ description: 'The key of the requirement set (REQUIREMENTS_FILE) that defines it' })
  set: string;
  @Field(() => ID, { nullable: true, description: 'The Certification the certificate must reference' })
  certificationId: string | null;
  @Field(() => ActionType, { nullable: true, description: "The 4HSE action type the certificate must have" })
  actionType: ActionType | null;
  @Field(() => String, { nullable: true, description: 'A case-insensitive regular expression the certificate, certification or story name must match' })
  namePattern: string | null;
  @Field(() => Int, { description: 'Days a certificate must still be valid to count (0: until its expiry date)' })
  minRemainingDays: number;
  @Field(() => Int, { nullable: true, description: 'The EXPIRING window of this requirement in days; null: EXPIRING_WITHIN_DAYS' })
  expiringWithinDays: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'One person × one requirement that applies to them' })
export class ComplianceRow {
  @Field(() => Person, { description: 'The person, from the people file' })
  person: Person;
  @Field(() => Requirement, { description: 'The requirement' })
  requirement: Requirement;
  @Field(() => ComplianceStatus, { description: 'Where the person stands' })
  status: ComplianceStatus;
  @Field(() => Certificate, { nullable: true, description: 'The satisfying certificate that expires last, from any source (never-expiring ones first of all); null when MISSING' })
  certificate: Certificate | null;
  @Field(() => DateScalar, { nullable: true, description: "That certificate's expiry date; null when MISSING or when it never expires" })
  expiresOn: string | null;
  @Field(() => Int, { nullable: true, description: 'Days from today to expiresOn, negative once expired; null when expiresOn is' })
  daysLeft: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'A row and its cursor' })
export class ComplianceEdge {
  @Field({ description: 'Pass to after or before to page from this row' })
  cursor: string;
  @Field(() => ComplianceRow, { description: 'The row' })
  node: ComplianceRow;
}

@ObjectType({ simpleResolvers: true, description: 'Rows counted by status, for one requirement set or one tag' })
export class ComplianceCount {
  @Field({ description: 'The requirement set name or the tag' })
  key: string;
  @Field(() => Int, { description: 'Rows VALID' })
  valid: number;
  @Field(() => Int, { description: 'Rows EXPIRING' })
  expiring: number;
  @Field(() => Int, { description: 'Rows EXPIRED' })
  expired: number;
  @Field(() => Int, { description: 'Rows MISSING' })
  missing: number;
  @Field(() => Int, { description: 'All rows' })
  total: number;
}

@ObjectType({ simpleResolvers: true, description: "Counts by status of the filter's rows (before its status condition, so every status is counted)" })
export class ComplianceSummary {
  @Field(() => [ComplianceCount], { description: 'Per requirement set, by name' })
  byRequirementSet: ComplianceCount[];
  @Field(() => [ComplianceCount], { description: "Per tag of the rows' people (only the filter's tags when it has some), by tag" })
  byTag: ComplianceCount[];
}

@ObjectType({ simpleResolvers: true, description: 'A page of compliance rows, most urgent first: EXPIRED, MISSING, EXPIRING, VALID, then fewest days left' })
export class ComplianceConnection {
  @Field(() => [ComplianceEdge], { description: 'The rows of this page with their cursors' })
  edges: ComplianceEdge[];
  @Field(() => [ComplianceRow], { description: 'The rows of this page' })
  nodes: ComplianceRow[];
  @Field(() => PageInfo, { description: 'Where this page lies' })
  pageInfo: PageInfo;
  @Field(() => Int, { description: 'Rows matching the filter, all pages' })
  totalCount: number;
  @Field(() => ComplianceSummary, { description: 'Counts by status per requirement set and per tag' })
  summary: ComplianceSummary;
}

@ObjectType({ simpleResolvers: true, description: 'A person of the people file who may be an unlinked holder' })
export class LikelyMatch {
  @Field({ description: 'The email in the people file' })
  email: string;
  @Field({ description: 'The name in the people file' })
  name: string;
  @Field(() => MatchReason, { description: 'Why they match' })
  reason: MatchReason;
}

@ObjectType({ simpleResolvers: true, description: 'A holder of certificates that the people file links to nobody' })
export class UnlinkedHolder {
  @Field(() => Resource, { description: 'The holder, as its certificates describe it' })
  holder: Resource;
  @Field(() => Int, { description: 'Its certificates in the source' })
  certificateCount: number;
  @Field(() => [LikelyMatch], { description: 'People of the file it may be: add its id to their row to link it' })
  likelyMatches: LikelyMatch[];
}
