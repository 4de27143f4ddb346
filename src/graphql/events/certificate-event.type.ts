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
registerEnumType(CertificateEventType, {
  name: 'CertificateEventType',
  description: 'What happened to a certificate',
  valuesConfig: {
    CREATED: { description: 'A certificate appeared (issued through the gateway, a 4HSE webhook, or found by polling)' },
    UPDATED: { description: 'A certificate changed; changes lists the fields' },
    DELETED: { description: 'A certificate was deleted or revoked at its source' },
    EXPIRING: { description: 'A certificate entered the expiry window (EXPIRING_WITHIN_DAYS before expiresOn); once per certificate and expiry date' },
    EXPIRED: { description: 'A certificate passed its expiry date; once per certificate and expiry date' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One field of a certificate that an UPDATED event changed' })
export class FieldChange {
  @Field({
    description: `The changed field, by the gateway's name: ${CHANGE_FIELDS.join(', ')}. Not an enum: a field a 4HSE webhook reports that the gateway does not know keeps 4HSE's own name`,
  })
  field: string;
  @Field(() => JSONScalar, { nullable: true, description: 'The value before (JSON: dates as YYYY-MM-DD strings); null when it was empty' })
  old: unknown;
  @Field(() => JSONScalar, { nullable: true, description: 'The value after (JSON: dates as YYYY-MM-DD strings); null when it was cleared' })
  new: unknown;
}

/** `certificate` has a field resolver (CertificateEventResolver). */
@ObjectType({ simpleResolvers: true, description: 'A change to a certificate in one of the sources, delivered by certificateEvents' })
export class CertificateEvent {
  readonly record: EventRecord;

  @Field(() => ID, { description: 'Ordered across all sources; keep the last one seen and pass it as `after` to resume from there' })
  eventId: string;
  @Field(() => CertificateEventType, { description: 'What happened' })
  type: CertificateEventType;
  @Field(() => Source, { description: "The certificate's source" })
  source: Source;
  @Field(() => ID, { description: 'The Certificate ID (Certificate.id) of the certificate concerned; set even when the certificate is gone' })
  certificateId: string;
  @Field(() => [FieldChange], { description: 'For UPDATED: the fields that changed; empty for the other types' })
  changes: FieldChange[];
  @Field(() => DateTimeScalar, { description: 'When the gateway learnt of it (webhook received, mutation made, poll or expiry scan run), UTC' })
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

@InputType({ description: 'Which events to deliver; all conditions given must hold, an omitted one does not filter' })
export class CertificateEventFilter {
  @Field(() => [Source], { nullable: true, description: 'Only events of these sources' })
  @IsOptional()
  @MaxSources()
  sources?: Source[];

  @Field(() => [CertificateEventType], { nullable: true, description: 'Only events of these types' })
  @IsOptional()
  @ArrayMaxSize(5)
  types?: CertificateEventType[];

  @Field(() => ID, { nullable: true, description: 'A Resource ID: events of certificates of this holder' })
  @IsOptional()
  @MaxLength(4096)
  holderId?: string;

  @Field(() => ActionType, { nullable: true, description: 'Only events of 4HSE certificates of this kind of requirement (events that do not carry the certificate are left out)' })
  @IsOptional()
  actionType?: ActionType;
}

@ArgsType()
export class CertificateEventsArgs {
  @Field(() => CertificateEventFilter, { nullable: true, description: 'Which events to deliver (omitted: all)' })
  @IsOptional()
  @ValidateNested()
  filter?: CertificateEventFilter;

  @Field(() => String, { nullable: true, description: 'An eventId: replay the events after it (the log keeps the last 10,000, at most 7 days; older is BAD_USER_INPUT), then continue live; omitted: live events only' })
  @IsOptional()
  @Matches(/^\d{1,16}-\d{1,10}$/, { message: 'after must be an eventId' })
  after?: string;
}
