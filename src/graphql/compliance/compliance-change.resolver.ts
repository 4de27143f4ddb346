import { IsOptional, Matches, ValidateNested } from 'class-validator';
import { validate } from 'class-validator';
import { ArgsType, ArgumentValidationError, Args, Ctx, Field, ID, ObjectType, registerEnumType, Resolver, Root, Subscription } from 'type-graphql';
import type { GatewayContext } from '../../context';
import type { ComplianceChangeRecord } from '../../compliance/changes';
import { changePredicate } from '../../compliance/changes';
import { checkFilter } from '../../compliance/view';
import { badInput, GatewayError } from '../../errors';
import { EVENT_ID } from '../../events/types';
import { Certificate } from '../certificate/certificate.type';
import { CertificateEventType } from '../events/certificate-event.type';
import { Person } from '../person/person.type';
import { DateTimeScalar } from '../scalars';
import { ComplianceFilter } from './compliance.inputs';
import { requirementOf, rowOf } from './compliance.resolver';
import { ComplianceRow, ComplianceStatus, Requirement } from './compliance.type';

export enum ComplianceChangeCause {
  CERTIFICATE = 'CERTIFICATE',
  TIME = 'TIME',
}
registerEnumType(ComplianceChangeCause, {
  name: 'ComplianceChangeCause',
  description: "Why a person's status for a requirement moved",
  valuesConfig: {
    CERTIFICATE: { description: 'A certificate of theirs was created, updated, revoked or deleted in a source' },
    TIME: { description: "The clock's day moved on: a certificate entered the EXPIRING window or expired" },
  },
});

@ObjectType({ simpleResolvers: true, description: "A person's status for one requirement moved from oldStatus to newStatus" })
export class ComplianceChange {
  @Field(() => ID, { description: 'The certificate event this change follows from; pass it as `after` to resume after it (the changes of one event arrive together)' })
  eventId: string;
  @Field(() => ComplianceChangeCause, { description: 'A certificate changed, or time moved the status' })
  cause: ComplianceChangeCause;
  @Field(() => CertificateEventType, { description: 'The type of that certificate event' })
  certificateEventType: CertificateEventType;
  @Field(() => ID, { description: "That event's certificate (for a TIME change, the certificate whose event was being followed when the day was seen to change)" })
  certificateId: string;
  @Field(() => DateTimeScalar, { description: "When that event happened" })
  occurredAt: string;
  @Field(() => Person, { description: 'The person, from the people file' })
  person: Person;
  @Field(() => Requirement, { description: 'The requirement' })
  requirement: Requirement;
  @Field({ description: 'The requirement set that defines the requirement' })
  requirementSet: string;
  @Field(() => ComplianceStatus, { description: 'The status before' })
  oldStatus: ComplianceStatus;
  @Field(() => ComplianceStatus, { description: 'The status now' })
  newStatus: ComplianceStatus;
  @Field(() => Certificate, { nullable: true, description: 'The satisfying certificate now (the one that expires last); null when MISSING' })
  certificate: Certificate | null;
  @Field(() => ComplianceRow, { description: 'The row of the compliance view as it is now' })
  row: ComplianceRow;
}

@ArgsType()
export class ComplianceChangesArgs {
  @Field(() => ComplianceFilter, {
    nullable: true,
    description: "Which changes, as the compliance view's filter selects rows (its status: the new status); all of them when absent",
  })
  @IsOptional()
  @ValidateNested()
  filter?: ComplianceFilter;

  @Field(() => String, { nullable: true, description: 'An eventId of a change received before: replay the changes after it, then continue live' })
  @IsOptional()
  @Matches(/^\d{1,16}-\d{1,10}$/, { message: 'after must be an eventId' })
  after?: string;
}

@Resolver(() => ComplianceChange)
export class ComplianceChangeResolver {
  @Subscription(() => ComplianceChange, {
    description:
      "A person's status for a requirement changing: a certificate created, updated, revoked or deleted in any source, or the clock moving it into EXPIRING or EXPIRED. `after` replays what was missed. The first subscription of a replica reads one whole certificate list per source; events cost no upstream call per person",
    subscribe: async ({ args, context }) => {
      const { filter, after } = args as ComplianceChangesArgs;
      const errors = await validate(
        Object.assign(new ComplianceChangesArgs(), { after, filter: filter ? Object.assign(new ComplianceFilter(), filter) : undefined }),
        { forbidUnknownValues: false },
      );
      if (errors.length > 0) throw new ArgumentValidationError(errors);
      const ctx = context as GatewayContext;
      if (after !== undefined && after !== null && !EVENT_ID.test(after)) throw badInput('after', 'after must be an eventId');
      // Unknown tags, people or sets: BAD_USER_INPUT before anything starts.
      const checked = checkFilter(filter, ctx.compliance.people(), ctx.compliance.requirements());
      if (!ctx.complianceChanges) throw new GatewayError('compliance changes are not available in this gateway', { code: 'INTERNAL_SERVER_ERROR' });
      return ctx.complianceChanges.subscribe(after ?? null, changePredicate(checked, ctx.compliance));
    },
  })
  complianceChanges(@Root() c: ComplianceChangeRecord, @Args({ validate: false }) _args: ComplianceChangesArgs, @Ctx() ctx: GatewayContext): ComplianceChange {
    ctx.refresh();
    const row = rowOf(c.row, ctx);
    return {
      eventId: c.eventId,
      cause: c.cause as ComplianceChangeCause,
      certificateEventType: c.certificateEventType as CertificateEventType,
      certificateId: c.certificateId,
      occurredAt: c.occurredAt,
      person: row.person,
      requirement: requirementOf(c.row.requirement),
      requirementSet: c.row.requirement.set,
      oldStatus: c.oldStatus as ComplianceStatus,
      newStatus: row.status,
      certificate: row.certificate,
      row,
    };
  }
}
