import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { Source } from '../enums';
import { MAX_FIRST } from '../certificate/certificate.inputs';
import { ComplianceStatus } from './compliance.type';

@InputType({ description: 'Which rows of the compliance view; all conditions must hold. Unknown tags, people or sets answer BAD_USER_INPUT naming them' })
export class ComplianceFilter {
  @Field(() => [String], { nullable: true, description: 'People with any of these tags (team:…, site:…, role:…)' })
  @IsOptional()
  @ArrayMaxSize(100)
  @MaxLength(120, { each: true })
  tags?: string[];

  @Field(() => [String], { nullable: true, description: 'People by email (matched case-insensitively), as listed in the people file' })
  @IsOptional()
  @ArrayMaxSize(1000)
  @MaxLength(320, { each: true })
  people?: string[];

  @Field(() => [String], { nullable: true, description: 'Requirements of these sets and of the sets they include' })
  @IsOptional()
  @ArrayMaxSize(100)
  @MaxLength(64, { each: true })
  requirementSets?: string[];

  @Field(() => [ComplianceStatus], { nullable: true, description: 'Rows with one of these statuses' })
  @IsOptional()
  @ArrayMaxSize(4)
  status?: ComplianceStatus[];
}

@ArgsType()
export class ComplianceArgs {
  @Field(() => ComplianceFilter, { nullable: true, description: 'Which rows; all of them when absent' })
  @IsOptional()
  @ValidateNested()
  filter?: ComplianceFilter;

  @Field(() => Int, { nullable: true, description: `The first rows after \`after\` (0–${MAX_FIRST}; 20 when neither first nor last is given)` })
  @IsOptional()
  @Min(0)
  @Max(MAX_FIRST)
  first?: number;

  @Field(() => String, { nullable: true, description: 'A cursor: rows after it' })
  @IsOptional()
  @MaxLength(256)
  after?: string;

  @Field(() => Int, { nullable: true, description: `The last rows before \`before\` (0–${MAX_FIRST})` })
  @IsOptional()
  @Min(0)
  @Max(MAX_FIRST)
  last?: number;

  @Field(() => String, { nullable: true, description: 'A cursor: rows before it' })
  @IsOptional()
  @MaxLength(256)
  before?: string;
}

@ArgsType()
export class UnlinkedHoldersArgs {
  @Field(() => Source, { description: 'The source whose holders to list' })
  source: Source;
}
