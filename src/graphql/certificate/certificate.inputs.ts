import { ArrayMaxSize, IsEmail, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ActionType, CertificateOrderField, CertificateStatus, MaxSources, OrderDirection, Source } from '../enums';
import { DateScalar } from '../scalars';
import { DEFAULT_FIRST } from '../../query';

/** The largest page a client may ask for. */
export const MAX_FIRST = 500;

@InputType({
  description:
    'Which certificates to list. All conditions given must hold; an omitted one does not filter. Each is pushed to the upstreams that can apply it, the rest applied by the gateway; sources that cannot match a condition are not asked at all',
})
export class CertificateFilter {
  @Field(() => [Source], { nullable: true, description: 'Only these sources (omitted: every configured source)' })
  @IsOptional()
  @MaxSources()
  sources?: Source[];

  @Field(() => ID, { nullable: true, description: "A Resource ID (Resource.id): only this holder's certificates, so only its source is asked" })
  @IsOptional()
  @MaxLength(4096)
  holderId?: string;

  @Field({ nullable: true, description: "The holder's email, matched case-insensitively; only sources that know emails (Springest, Falkor) can match" })
  @IsOptional()
  @IsEmail({}, { message: 'holderEmail must be an email address' })
  holderEmail?: string;

  @Field(() => ActionType, { nullable: true, description: 'Only certificates of this kind of requirement; only 4HSE certificates have one, so only 4HSE is asked' })
  @IsOptional()
  actionType?: ActionType;

  @Field(() => [CertificateStatus], { nullable: true, description: 'Only certificates in one of these states today' })
  @IsOptional()
  @ArrayMaxSize(5)
  status?: CertificateStatus[];

  @Field(() => DateScalar, { nullable: true, description: 'Expires strictly before this date (YYYY-MM-DD); excludes certificates that never expire' })
  @IsOptional()
  expiresBefore?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Expires strictly after this date (YYYY-MM-DD), or never' })
  @IsOptional()
  expiresAfter?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Issued strictly after this date (YYYY-MM-DD); excludes certificates without an issue date' })
  @IsOptional()
  issuedAfter?: string;

  @Field(() => ID, { nullable: true, description: 'A Certification ID (Certification.id): only certificates of this certification or course, so only its source is asked' })
  @IsOptional()
  @MaxLength(4096)
  certificationId?: string;

  @Field(() => ID, { nullable: true, description: 'A Story ID (Story.id): only certificates of this Falkor story' })
  @IsOptional()
  @MaxLength(4096)
  storyId?: string;

  @Field({ nullable: true, description: 'Text (1 to 200 characters, not blank) found case-insensitively in the certificate, holder, certification or story name, or the holder email' })
  @IsOptional()
  @Length(1, 200)
  search?: string;
}

@InputType({ description: 'The order of a certificate list, the same across all sources' })
export class CertificateOrder {
  @Field(() => CertificateOrderField, { description: 'What to sort by' })
  field: CertificateOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Ascending by default' })
  direction: OrderDirection = OrderDirection.ASC;
}

@ArgsType()
export class CertificatesArgs {
  @Field(() => CertificateFilter, { nullable: true, description: 'Conditions the certificates must meet (omitted: all certificates)' })
  @IsOptional()
  @ValidateNested()
  filter?: CertificateFilter;

  @Field(() => CertificateOrder, { nullable: true, description: 'Omitted: expiresOn ascending, certificates that never expire last' })
  @IsOptional()
  @ValidateNested()
  orderBy?: CertificateOrder;

  @Field(() => Int, {
    nullable: true,
    description: `Page forward: at most this many certificates (0 to ${MAX_FIRST}), from the start or after \`after\`. ${DEFAULT_FIRST} when neither first nor last is given (a default of the resolver, not of the schema, so that last can be given alone). Not with last or before`,
  })
  @IsOptional()
  @Min(0, { message: `first must be between 0 and ${MAX_FIRST}` })
  @Max(MAX_FIRST, { message: `first must be between 0 and ${MAX_FIRST}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Page forward: an edge cursor or endCursor of the same filter and orderBy; the page starts after that edge. Not with before or last' })
  @IsOptional()
  @MaxLength(512)
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Page backward: at most this many certificates (0 to ${MAX_FIRST}), those just before \`before\`, or at the end of the list. The edges keep the list order. Not with first or after`,
  })
  @IsOptional()
  @Min(0, { message: `last must be between 0 and ${MAX_FIRST}` })
  @Max(MAX_FIRST, { message: `last must be between 0 and ${MAX_FIRST}` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: `Page backward: an edge cursor or startCursor of the same filter and orderBy; the page ends before that edge (given alone: last ${DEFAULT_FIRST}). Not with after or first` })
  @IsOptional()
  @MaxLength(512)
  before?: string | null;
}
