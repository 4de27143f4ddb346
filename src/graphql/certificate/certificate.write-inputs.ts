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

@InputType({ description: 'A new 4HSE certificate (sent as POST /v2/certificate/create); give it as input.fourhse' })
export class FourHseIssueInput {
  @Field({ description: "The certificate's title, 1 to 255 characters" })
  @Length(1, 255)
  name: string;

  @Field(() => DateScalar, { description: 'Issue date (YYYY-MM-DD)' })
  issuedOn: string;

  @Field(() => DateScalar, { nullable: true, description: 'Expiry date (YYYY-MM-DD), on or after issuedOn; omitted: the certificate does not expire' })
  @IsOptional()
  @IsOnOrAfter('issuedOn')
  expiresOn?: string;

  @Field(() => ActionType, { description: 'The kind of requirement the certificate proves; it decides what resourceId must be' })
  actionType: ActionType;

  @Field({ description: "The holder's 4HSE resource uuid (Resource.sourceId of a 4HSE Resource): a person for TRAINING, HEALTH and PER; equipment, a work environment, a substance … for MAINTENANCE and CHECK" })
  @IsUUID('all', { message: 'resourceId must be a uuid' })
  resourceId: string;

  @Field({
    description:
      "4HSE project (company) uuid, 4HSE's tenant_id: take it from the holder (Resource.tenantId) or from one of its certificates (Certificate.tenantId). 4HSE's Certificate API lists no projects (they come from its Project API, which the gateway does not read), so the gateway offers no list of them",
  })
  @IsUUID('all', { message: 'tenantId must be a uuid' })
  tenantId: string;

  @Field({ nullable: true, description: 'Free text, at most 10,000 characters' })
  @IsOptional()
  @MaxLength(10_000)
  note?: string;

  @Field(() => JSONScalar, { nullable: true, description: "4HSE's data: a JSON object whose content depends on actionType (e.g. course details, examination results)" })
  @IsOptional()
  data?: Record<string, unknown>;

  @Field(() => Int, { nullable: true, description: 'Validity period, 1 to 1000 validityUnits; give both or neither' })
  @ValidateIf((o: FourHseIssueInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  @IsInt()
  @Min(1)
  @Max(1000)
  validity?: number;

  @Field(() => ValidityUnit, { nullable: true, description: 'The unit of validity; give both or neither' })
  @ValidateIf((o: FourHseIssueInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  validityUnit?: ValidityUnit;

  @Field({ nullable: true, description: 'True to set an active warning on the certificate in 4HSE' })
  @IsOptional()
  @IsBoolean()
  warning?: boolean;
}

@InputType({ description: 'A new Ensinio course certificate (sent as POST /public/api/v1/certificates); give it as input.ensinio' })
export class EnsinioIssueInput {
  @Field(() => Int, { description: "The Ensinio course (group) id, a positive integer (Certification.sourceId of an Ensinio Certification); an unknown one answers NOT_FOUND" })
  @Min(1)
  groupId: number;

  @Field(() => Int, { description: 'The Ensinio user id of the holder, a positive integer (Resource.sourceId of an Ensinio Resource); an unknown one answers NOT_FOUND' })
  @Min(1)
  userId: number;

  @Field(() => DateScalar, { description: 'The day the course was completed (YYYY-MM-DD): the issue date' })
  conclusionDate: string;
}

@InputType({
  description:
    'A Springest certificate upload (sent as POST /users/certificates, multipart/form-data with the PDF as a file part; at most 30 a minute across replicas, later ones wait up to 15 s or answer RATE_LIMITED); give it as input.springest',
})
export class SpringestIssueInput {
  @Field(() => Int, { description: 'The Springest certification id, a positive integer (Certification.sourceId of a Springest Certification)' })
  @Min(1)
  certificationId: number;

  @Field({ description: "The holder's email address, as Springest knows the user" })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @Field(() => DateScalar, { description: 'First day of validity (YYYY-MM-DD): the issue date' })
  validFrom: string;

  @Field(() => DateScalar, { nullable: true, description: "Last day of validity (YYYY-MM-DD), on or after validFrom; required by Springest when the certification's requires_valid_until is set" })
  @IsOptional()
  @IsOnOrAfter('validFrom')
  validUntil?: string;

  @Field(() => Int, { nullable: true, description: "Springest's conversion_id, when your integration has one (sent as is)" })
  @IsOptional()
  @Min(1)
  conversionId?: number;

  @Field({ description: 'The PDF, base64-encoded (the gateway decodes it and uploads the bytes as a file); at most 10 MiB decoded' })
  @IsPdfBase64()
  fileBase64: string;

  @Field({ nullable: true, defaultValue: 'certificate.pdf', description: 'The file name Springest shows: a plain name ending in .pdf, at most 255 characters' })
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

@InputType({ description: 'The fields of a 4HSE certificate to change (sent as PUT /v2/certificate/update/{id}); at least one. A field left out is kept' })
export class UpdateCertificateInput {
  @Field({ nullable: true, description: 'New title, 1 to 255 characters (null is refused)' })
  @IsOptional()
  @Length(1, 255)
  name?: string;

  @Field(() => DateScalar, { nullable: true, description: 'New issue date (YYYY-MM-DD; null is refused)' })
  @IsOptional()
  issuedOn?: string;

  @Field(() => DateScalar, { nullable: true, description: 'New expiry date (YYYY-MM-DD), on or after the issue date (given here or current); null: the certificate no longer expires' })
  @IsOptional()
  @IsOnOrAfter('issuedOn')
  expiresOn?: string;

  @Field(() => ActionType, { nullable: true, description: 'New kind of requirement (null is refused)' })
  @IsOptional()
  actionType?: ActionType;

  @Field({ nullable: true, description: 'New free text, at most 10,000 characters; null clears it' })
  @IsOptional()
  @MaxLength(10_000)
  note?: string;

  @Field(() => JSONScalar, { nullable: true, description: "New 4HSE data object (replaces the old one whole); null clears it" })
  @IsOptional()
  data?: Record<string, unknown>;

  @Field(() => Int, { nullable: true, description: 'New validity period, 1 to 1000 validityUnits; give both or neither; null (both) clears it' })
  @ValidateIf((o: UpdateCertificateInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  @IsInt()
  @Min(1)
  @Max(1000)
  validity?: number;

  @Field(() => ValidityUnit, { nullable: true, description: 'The unit of validity; give both or neither' })
  @ValidateIf((o: UpdateCertificateInput) => o.validity != null || o.validityUnit != null)
  @IsDefined({ message: 'validity and validityUnit go together' })
  validityUnit?: ValidityUnit;

  @Field({ nullable: true, description: 'True sets, false clears the active warning in 4HSE (null is refused)' })
  @IsOptional()
  @IsBoolean()
  warning?: boolean;
}

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'A key you choose per intended write (1 to 200 characters, e.g. a UUID): retrying with the same key and input returns the first result without writing again (for 24 h); the same key with another input is BAD_USER_INPUT',
};

@ArgsType()
export class IssueCertificateArgs {
  @Field(() => IssueCertificateInput, { description: 'Which source, and what to record there' })
  @ValidateNested()
  input: IssueCertificateInput;

  @Field(() => String, IDEMPOTENCY_KEY)
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}

@ArgsType()
export class UpdateCertificateArgs {
  @Field(() => ID, { description: 'The Certificate ID (Certificate.id) of a 4HSE certificate' })
  @MaxLength(4096)
  id: string;

  @Field(() => UpdateCertificateInput, { description: 'The fields to change' })
  @ValidateNested()
  input: UpdateCertificateInput;

  @Field(() => String, IDEMPOTENCY_KEY)
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}

@ArgsType()
export class RevokeCertificateArgs {
  @Field(() => ID, { description: 'The Certificate ID (Certificate.id) of a 4HSE or Ensinio certificate' })
  @MaxLength(4096)
  id: string;

  @Field({ defaultValue: false, description: '4HSE: false only previews what would be deleted; true deletes the certificate and its linked entities' })
  force: boolean = false;

  @Field(() => String, IDEMPOTENCY_KEY)
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}
