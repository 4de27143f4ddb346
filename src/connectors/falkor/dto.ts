/**
 * Falkor v1/logs/story-certificates wire types (shared/upstream-apis 004), as
 * documented. Never imported outside this folder. Answers are not trusted to
 * match them: the mapper reads each field leniently (connectors/shape.ts).
 */
export interface FalkorRequestDto {
  app?: string;
  /** ID or name of a story. */
  story?: string;
  groups?: string[];
  /** Names or emails. */
  users?: string[];
}

export interface FalkorCertificateItemDto {
  firstname: string;
  lastname: string;
  email: string;
  telephone?: string;
  country?: string;
  city?: string;
  certificate: { timestamp: string; state: 'pending' | 'delivered'; url: string };
}

export interface FalkorStoryGroupDto {
  /** `type` arrives in any case: "Story", "story", "SCORM" … */
  story: { name: string; type: string; ID: string };
  certificates: FalkorCertificateItemDto[];
}

export interface FalkorEnvelopeDto {
  status: 'success' | 'error';
  data?: FalkorStoryGroupDto[];
  message?: string;
  hash?: string;
  response_time?: number;
}
