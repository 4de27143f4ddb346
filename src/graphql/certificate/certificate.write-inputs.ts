import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { ArgsType, Directive, Field, ID, InputType, Int } from 'type-graphql';
import { ActionType, ValidityUnit } from '../enums';
import { DateScalar, JSONScalar } from '../scalars';

/** Springest takes PDFs up to this size (decoded). */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

/** `expiresOn` on or after `issuedOn` when both are given (dates are YYYY-MM-DD strings, so they compare as text). */
function IsOnOrAfter(other: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOnOrAfter',
      target: target.constructor,
      propertyName,
      constraints: [other],
      options: { message: (a: ValidationArguments) => `${a.property} must be on or after ${other}, got ${String(a.value)} before ${String((a.object as Record<string, unknown>)[other])}` },
      validator: {
        validate(value: unknown, a: ValidationArguments) {
          const start = (a.object as Record<string, unknown>)[other];
          // Dates arrive as YYYY-MM-DD strings (the Date scalar): their text order is their time order.
          return typeof value !== 'string' || typeof start !== 'string' || value >= start;
        },
      },
    });
}

/** Base64 of a PDF of at most MAX_PDF_BYTES: checked before anything is sent. */
function IsPdfBase64() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPdfBase64',
      target: target.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) => {
          const v = String(a.value ?? '');
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v.replace(/\s/g, ''))) return `${a.property} must be base64`;
          const bytes = Buffer.from(v, 'base64');
          if (bytes.length > MAX_PDF_BYTES) return `${a.property} must be a PDF of at most 10 MiB, got ${(bytes.length / 1048576).toFixed(1)} MiB`;
          return `${a.property} must be a PDF file (it must start with %PDF-)`;
        },
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          const compact = value.replace(/\s/g, '');
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length === 0) return false;
          // Decoded size from the length, before decoding anything large.
          if (Math.floor((compact.length * 3) / 4) > MAX_PDF_BYTES + 2) return false;
          const bytes = Buffer.from(compact, 'base64');
          return bytes.length <= MAX_PDF_BYTES && bytes.subarray(0, 5).toString('latin1') === '%PDF-';
        },
      },
    });
}

@InputType({ description: '4HSE: POST /v2/certificate/create' })
export class FourHseIssueInput {
  @Field()
  @Length(1, 255)
  name: string;

  @Field(() => DateScalar)
  issuedOn: string;

  @Field(() => DateScalar, { nullable: true, description: 'Omitted: the certificate does not expire' })
  @IsOptional()
  @IsOnOrAfter('issuedOn')
  expiresOn?: string;

  @Field(() => ActionType)
  actionType: ActionType;

  @Field({ description: "4HSE resource uuid: a person for TRAINING, HEALTH, PER; equipment etc. for MAINTENANCE" })
  @IsUUID('all', { message: 'resourceId must be a uuid' })
  resourceId: string;

  @Field({
    description:
      "4HSE project (company) uuid, 4HSE's tenant_id: take it from the holder (Resource.tenantId) or from one of its certificates (Certificate.tenantId). 4HSE's Certificate API lists no projects (they come from its Project API, which the gateway does not read), so the gateway offers no list of them",
  })
  @IsUUID('all', { message: 'tenantId must be a uuid' })
  tenantId: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  note?: string;

  @Field(() => JSONScalar, { nullable: true })
  @IsOptional()
  data?: Record<string, unknown>;

  @Field(() => Int, { nullable: true })
  @ValidateIf((o: FourHseIssueInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  @IsInt()
  @Min(1)
  @Max(1000)
  validity?: number;

  @Field(() => ValidityUnit, { nullable: true })
  @ValidateIf((o: FourHseIssueInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  validityUnit?: ValidityUnit;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  warning?: boolean;
}

@InputType({ description: 'Ensinio: POST /public/api/v1/certificates' })
export class EnsinioIssueInput {
  @Field(() => Int, { description: 'The course (group) id' })
  @Min(1)
  groupId: number;

  @Field(() => Int)
  @Min(1)
  userId: number;

  @Field(() => DateScalar)
  conclusionDate: string;
}

@InputType({ description: 'Springest: POST /users/certificates as multipart/form-data with the PDF as a file part (at most 30 a minute)' })
export class SpringestIssueInput {
  @Field(() => Int)
  @Min(1)
  certificationId: number;

  @Field()
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @Field(() => DateScalar)
  validFrom: string;

  @Field(() => DateScalar, { nullable: true, description: "Required by Springest when the certification's requires_valid_until is set" })
  @IsOptional()
  @IsOnOrAfter('validFrom')
  validUntil?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  conversionId?: number;

  @Field({ description: 'The PDF, base64-encoded (the gateway decodes it and uploads the bytes as a file); at most 10 MiB decoded' })
  @IsPdfBase64()
  fileBase64: string;

  @Field({ nullable: true, defaultValue: 'certificate.pdf' })
  @IsOptional()
  @Length(1, 255)
  @Matches(/^[^/\\\0]+\.pdf$/i, { message: 'fileName must be a plain file name ending in .pdf' })
  fileName?: string;
}

/**
 * One branch per source that accepts new certificates, named after the source
 * in lower case. A @oneOf input (see graphql/one-of.ts): graphql-js refuses
 * two branches, none, or a null one while validating, before any resolver or
 * upstream call, and the answer names the branches.
 */
@Directive('@oneOf')
@InputType({
  description:
    'Exactly one branch (@oneOf): the source to record the certificate in, with that source\'s own fields. A source without a branch here is read only (see sources { capabilities }).',
})
export class IssueCertificateInput {
  @Field(() => FourHseIssueInput, { nullable: true, description: 'Record the certificate in 4HSE' })
  @IsOptional()
  @ValidateNested()
  fourhse?: FourHseIssueInput;

  @Field(() => EnsinioIssueInput, { nullable: true, description: 'Record the certificate in Ensinio' })
  @IsOptional()
  @ValidateNested()
  ensinio?: EnsinioIssueInput;

  @Field(() => SpringestIssueInput, { nullable: true, description: 'Upload the certificate to Springest' })
  @IsOptional()
  @ValidateNested()
  springest?: SpringestIssueInput;
}

@InputType({ description: '4HSE: the fields to change (PUT /v2/certificate/update/{id}); at least one' })
export class UpdateCertificateInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 255)
  name?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  issuedOn?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsOnOrAfter('issuedOn')
  expiresOn?: string;

  @Field(() => ActionType, { nullable: true })
  @IsOptional()
  actionType?: ActionType;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  note?: string;

  @Field(() => JSONScalar, { nullable: true })
  @IsOptional()
  data?: Record<string, unknown>;

  @Field(() => Int, { nullable: true })
  @ValidateIf((o: UpdateCertificateInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  @IsInt()
  @Min(1)
  @Max(1000)
  validity?: number;

  @Field(() => ValidityUnit, { nullable: true })
  @ValidateIf((o: UpdateCertificateInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  validityUnit?: ValidityUnit;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  warning?: boolean;
}

const IDEMPOTENCY_KEY = { nullable: true, description: 'Retrying with the same key and input returns the first result without writing again (24 h)' };

@ArgsType()
export class IssueCertificateArgs {
  @Field(() => IssueCertificateInput)
  @ValidateNested()
  input: IssueCertificateInput;

  @Field(() => String, IDEMPOTENCY_KEY)
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}

@ArgsType()
export class UpdateCertificateArgs {
  @Field(() => ID)
  @MaxLength(4096)
  id: string;

  @Field(() => UpdateCertificateInput)
  @ValidateNested()
  input: UpdateCertificateInput;

  @Field(() => String, IDEMPOTENCY_KEY)
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}

@ArgsType()
export class RevokeCertificateArgs {
  @Field(() => ID)
  @MaxLength(4096)
  id: string;

  @Field({ defaultValue: false, description: '4HSE: false only previews what would be deleted; true deletes the certificate and its linked entities' })
  force: boolean = false;

  @Field(() => String, IDEMPOTENCY_KEY)
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}
