/**
 * Ensinio public API v1 certificate wire types (shared/upstream-apis 003), as
 * documented. Never imported outside this folder. Answers are not trusted to
 * match them: the mapper reads each field leniently (connectors/shape.ts).
 */
export interface EnsinioCertificateDto {
  id: number;
  user_id: number;
  group_id: number;
  group_name: string | null;
  alternative_name: string | null;
  member_name: string | null;
  platform_name: string | null;
  average_grade: number | null;
  member_photo: string | null;
  link: string | null;
  hash: string | null;
  /** Workload: "40h" on some installations, 8 on others. */
  ch: string | number | null;
  conclusion_date: string | null;
  subscription_date: string | null;
  expiration_date: string | null;
}

/** Laravel's paginated resource collection. */
export interface EnsinioPageDto {
  data: EnsinioCertificateDto[];
  links: { first: string | null; last: string | null; prev: string | null; next: string | null };
  meta: { current_page: number; from: number | null; last_page: number; path: string; per_page: number; to: number | null; total: number };
}

export interface EnsinioListQuery {
  user_id?: string;
  group_id?: string;
  page: number;
  per_page: number;
}
