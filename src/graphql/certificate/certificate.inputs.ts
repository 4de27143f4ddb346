import { ArrayMaxSize, IsEmail, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ActionType, CertificateOrderField, CertificateStatus, MaxSources, OrderDirection, Source } from '../enums';
import { DateScalar } from '../scalars';
import { DEFAULT_FIRST } from '../../query';

/** The largest page a client may ask for. */
export const MAX_FIRST = 500;

@InputType({ description: 'All conditions must hold. Each is pushed to the upstreams that can apply it, the rest applied by the gateway.' })
export class CertificateFilter {
  @Field(() => [Source], { nullable: true })
  @IsOptional()
  @MaxSources()
  sources?: Source[];

  @Field(() => ID, { nullable: true, description: 'A Resource ID' })
  @IsOptional()
  @MaxLength(4096)
  holderId?: string;

  @Field({ nullable: true, description: 'Matched case-insensitively; only sources that know emails (Springest, Falkor) can match' })
  @IsOptional()
  @IsEmail({}, { message: 'holderEmail must be an email address' })
  holderEmail?: string;

  @Field(() => ActionType, { nullable: true })
  @IsOptional()
  actionType?: ActionType;

  @Field(() => [CertificateStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  status?: CertificateStatus[];

  @Field(() => DateScalar, { nullable: true, description: 'Expires strictly before this date' })
  @IsOptional()
  expiresBefore?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Expires strictly after this date, or never' })
  @IsOptional()
  expiresAfter?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Issued strictly after this date' })
  @IsOptional()
  issuedAfter?: string;

  @Field(() => ID, { nullable: true, description: 'A Certification ID' })
  @IsOptional()
  @MaxLength(4096)
  certificationId?: string;

  @Field(() => ID, { nullable: true, description: 'A Story ID' })
  @IsOptional()
  @MaxLength(4096)
  storyId?: string;

  @Field({ nullable: true, description: 'Case-insensitive substring of the certificate, holder, certification or story name, or the holder email' })
  @IsOptional()
  @Length(1, 200)
  search?: string;
}

@InputType()
export class CertificateOrder {
  @Field(() => CertificateOrderField)
  field: CertificateOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  direction: OrderDirection = OrderDirection.ASC;
}

@ArgsType()
export class CertificatesArgs {
  @Field(() => CertificateFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CertificateFilter;

  @Field(() => CertificateOrder, { nullable: true, description: 'Default: expiresOn ascending (never-expiring last)' })
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
