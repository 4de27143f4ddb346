import { ArrayMaxSize, IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CHANGE_FIELDS } from '../../events/changes';
import type { CertificateEvent as EventRecord } from '../../events/types';
import { ActionType, MaxSources, Source } from '../enums';
import { DateTimeScalar, JSONScalar } from '../scalars';

export enum CertificateEventType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
  EXPIRING = 'EXPIRING',
  EXPIRED = 'EXPIRED',
}
registerEnumType(CertificateEventType, { name: 'CertificateEventType' });

@ObjectType({ simpleResolvers: true })
export class FieldChange {
  @Field({
    description: `The changed field, by the gateway's name: ${CHANGE_FIELDS.join(', ')}. Not an enum: a field a 4HSE webhook reports that the gateway does not know keeps 4HSE's own name`,
  })
  field: string;
  @Field(() => JSONScalar, { nullable: true })
  old: unknown;
  @Field(() => JSONScalar, { nullable: true })
  new: unknown;
}

/** `certificate` has a field resolver (CertificateEventResolver). */
@ObjectType({ simpleResolvers: true })
export class CertificateEvent {
  readonly record: EventRecord;

  @Field(() => ID, { description: 'Ordered; pass it as `after` to resume from here' })
  eventId: string;
  @Field(() => CertificateEventType)
  type: CertificateEventType;
  @Field(() => Source)
  source: Source;
  @Field(() => ID)
  certificateId: string;
  @Field(() => [FieldChange])
  changes: FieldChange[];
  @Field(() => DateTimeScalar)
  occurredAt: string;

  constructor(record: EventRecord) {
    this.record = record;
    this.eventId = record.eventId;
    this.type = record.type as CertificateEventType;
    this.source = record.source;
    this.certificateId = record.certificateId;
    this.changes = record.changes;
    this.occurredAt = record.occurredAt;
  }
}

@InputType()
export class CertificateEventFilter {
  @Field(() => [Source], { nullable: true })
  @IsOptional()
  @MaxSources()
  sources?: Source[];

  @Field(() => [CertificateEventType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  types?: CertificateEventType[];

  @Field(() => ID, { nullable: true, description: 'A Resource ID: events of certificates of this holder' })
  @IsOptional()
  @MaxLength(4096)
  holderId?: string;

  @Field(() => ActionType, { nullable: true })
  @IsOptional()
  actionType?: ActionType;
}

@ArgsType()
export class CertificateEventsArgs {
  @Field(() => CertificateEventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CertificateEventFilter;

  @Field(() => String, { nullable: true, description: 'An eventId: replay what came after it, then continue live' })
  @IsOptional()
  @Matches(/^\d{1,16}-\d{1,10}$/, { message: 'after must be an eventId' })
  after?: string;
}
