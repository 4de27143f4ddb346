/**
 * 4HSE Certificate API v2 wire types (shared/upstream-apis 000 and 001), as
 * documented. Never imported outside this folder. Answers are not trusted to
 * match them: the mapper reads each field with FOURHSE_FIELD_RULES.
 */
export interface FourHseCertificateDto {
  certificate_id: string;
  date_release?: string | null;
  date_expire?: string | null;
  name?: string | null;
  note?: string | null;
  action_type?: 'TRAINING' | 'MAINTENANCE' | 'HEALTH' | 'CHECK' | 'PER' | null;
  resource_id: string;
  resource_type?: string | null;
  resource_name?: string | null;
  data?: Record<string, unknown> | null;
  warning?: 0 | 1 | null;
  tenant_id?: string | null;
  subtenant_id?: string | null;
  subtenant_type?: string | null;
  validity_unit?: 'YEAR' | 'MONTH' | 'DAY' | null;
  validity?: number | null;
  project_name?: string | null;
}

/** Body of POST /v2/certificate/index. */
export interface FourHseIndexRequest {
  filter?: Partial<Record<keyof FourHseCertificateDto, string | number>>;
  'per-page'?: number;
  page?: number;
  /** date_release | date_expire | name | action_type, "-" prefix for descending. */
  sort?: string;
}

export interface FourHseTokenResponse {
  access_token: string;
  expires_in?: number;
  token_type?: string;
}
