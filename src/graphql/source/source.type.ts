import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { SourceModule } from '../../connectors/module';
import { Source } from '../enums';
import { DateTimeScalar } from '../scalars';

/** What a source accepts, read from its module's declared capabilities (a fifth source declares its own). */
export enum SourceCapability {
  READ = 'READ',
  ISSUE = 'ISSUE',
  UPDATE = 'UPDATE',
  REVOKE = 'REVOKE',
  REVOKE_PREVIEW = 'REVOKE_PREVIEW',
  UPLOAD_PDF = 'UPLOAD_PDF',
  WEBHOOKS = 'WEBHOOKS',
  POLLED = 'POLLED',
}
registerEnumType(SourceCapability, {
  name: 'SourceCapability',
  description: 'What a source accepts through the gateway; a mutation a source lacks answers NOT_SUPPORTED_BY_SOURCE',
  valuesConfig: {
    READ: { description: 'Its certificates can be listed and read (every source)' },
    ISSUE: { description: 'issueCertificate records new certificates in it (with the input branch of its name)' },
    UPDATE: { description: 'updateCertificate changes its certificates' },
    REVOKE: { description: 'revokeCertificate removes its certificates' },
    REVOKE_PREVIEW: { description: 'revokeCertificate without force only lists what force: true would remove (ask, then revoke with force)' },
    UPLOAD_PDF: { description: "Issuing uploads the certificate's PDF, given base64 in the input" },
    WEBHOOKS: { description: 'It pushes its changes: events arrive as they happen' },
    POLLED: { description: 'The gateway polls it for changes: events arrive up to POLL_INTERVAL_S late' },
  },
});

/** A module's capabilities as the GraphQL enum, in the enum's order. */
export function capabilitiesOf(module: SourceModule): SourceCapability[] {
  const c = module.capabilities;
  const has: Record<SourceCapability, boolean> = {
    READ: true,
    ISSUE: c.writes.includes('issue'),
    UPDATE: c.writes.includes('update'),
    REVOKE: c.writes.includes('revoke'),
    REVOKE_PREVIEW: c.writes.includes('revoke') && c.revokePreview === true,
    UPLOAD_PDF: c.writes.includes('issue') && c.pdfUpload === true,
    WEBHOOKS: c.changes === 'pushed',
    POLLED: c.changes === 'polled',
  };
  return Object.values(SourceCapability).filter((v) => has[v]);
}

@ObjectType({ simpleResolvers: true, description: 'One source as this gateway replica sees it' })
export class SourceStatus {
  @Field(() => Source, { description: 'The source' })
  name: Source;
  @Field({ description: 'True when the gateway has its base URL and credentials; an unconfigured source is never asked and lists nothing' })
  configured: boolean;
  @Field({ description: 'False since the last failed upstream call, until the next successful one (and always when not configured)' })
  healthy: boolean;
  @Field(() => String, { nullable: true, description: 'What the last failed call said; null when none failed since start' })
  lastError: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last call failed; null when none failed since start' })
  lastErrorAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last call succeeded; null when none has since start' })
  lastSuccessAt: string | null;
  @Field(() => [SourceCapability], { description: 'What the source accepts through the gateway (whether or not it is configured here): a form offers only what is listed' })
  capabilities: SourceCapability[];
}
