/**
 * Springest Certificates and Certifications API wire types (shared/upstream-apis
 * 002), as documented. Never imported outside this folder. Answers are not
 * trusted to match them: the mapper reads each field leniently (connectors/shape.ts).
 */
export interface SpringestCertificateDto {
  id: number;
  name: string | null;
  description: string | null;
  certification_id: number;
  valid_from: string | null;
  valid_until: string | null;
  status: string | null;
  created_at: string | null;
  /** Not in the vendor's doc (002): the PDF's address, read when an answer carries it, null otherwise. */
  url?: string | null;
  /** The vendor nests the user; older payloads also carry external_id at the top level. */
  user: { email: string; external_id?: string | null };
  external_id?: string | null;
}

export interface SpringestCertificationDto {
  id: number;
  name: string;
  description?: string | null;
  requires_valid_until?: boolean;
}

/** Query of GET /users/certificates: every parameter optional. */
export interface SpringestCertificatesQuery {
  email?: string;
  certification_id?: string;
  /** YYYY-MM-DD, certificates created on or after. */
  created_from?: string;
}
