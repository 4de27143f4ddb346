import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { issueCertificate, revokeCertificate, updateCertificate } from '../../certificates/writes';
import type { FourHseFields, IssueRequest } from '../../connectors/types';
import { badInput, GatewayError } from '../../errors';
import { decodeId } from '../../ids';
import { RevokeCertificatePayload } from './revoke.type';
import { IssueCertificateArgs, RevokeCertificateArgs, UpdateCertificateArgs, type IssueCertificateInput } from './certificate.write-inputs';
import type { GatewayContext } from '../../context';
import { Certification } from '../certification/certification.type';
import { loadNode } from '../node/node.resolver';
import { Source } from '../enums';
import { Resource } from '../resource/resource.type';
import { Story } from '../story/story.type';
import { CertificatesArgs } from './certificate.inputs';
import { Certificate, CertificateConnection } from './certificate.type';
import { certificateConnection, toCriteria } from './connection';

@Resolver(() => Certificate)
export class CertificateResolver {
  @Query(() => Certificate, { nullable: true })
  certificate(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Certificate | null> {
    return loadNode(ctx, id, 'id', 'Certificate') as Promise<Certificate | null>;
  }

  @Query(() => CertificateConnection, { description: 'Certificates of all configured sources in one global order' })
  certificates(@Args() args: CertificatesArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<CertificateConnection> {
    return certificateConnection(ctx, info, toCriteria(args.filter), args);
  }

  /** The holder as the certificate describes it: no upstream call. */
  @FieldResolver(() => Resource)
  holder(@Root() c: Certificate): Resource {
    return new Resource(c.record.holder);
  }

  /** Ensinio names the course on the certificate; Springest only references it, so its name comes from the (cached, batched) certifications. */
  @FieldResolver(() => Certification, { nullable: true })
  certification(@Root() c: Certificate, @Ctx() ctx: GatewayContext): Certification | null | Promise<Certification | null> {
    const ref = c.record.certification;
    if (!ref) return null;
    // Synchronous when nothing is to be fetched: no promise per certificate for Ensinio and 4HSE.
    if (ref.name !== null) return new Certification(ref);
    const loader = ctx.loaders.get(ref.source)?.certificationById;
    if (!loader) return new Certification(ref);
    return loader.load(ref.sourceId).then((loaded) => new Certification(loaded ?? ref));
  }

  @FieldResolver(() => Story, { nullable: true })
  story(@Root() c: Certificate): Story | null {
    return c.record.story ? new Story(c.record.story) : null;
  }

  @Mutation(() => Certificate, { description: 'Records a certificate in the source given by input.source (not FALKOR, which is read only)' })
  async issueCertificate(@Args() { input, idempotencyKey }: IssueCertificateArgs, @Ctx() ctx: GatewayContext): Promise<Certificate> {
    const record = await issueCertificate(ctx.writes, toIssueRequest(input), idempotencyKey);
    return new Certificate(record, ctx.status);
  }

  @Mutation(() => Certificate, { description: '4HSE only: changes the fields given' })
  async updateCertificate(@Args() { id, input, idempotencyKey }: UpdateCertificateArgs, @Ctx() ctx: GatewayContext): Promise<Certificate> {
    const decoded = decodeId(id, 'id', 'Certificate');
    // null clears a field that 4HSE lets be empty; the others cannot be cleared.
    for (const f of ['name', 'issuedOn', 'actionType', 'warning'] as const) {
      if (input[f] === null) throw badInput(`input.${f}`, `input.${f} cannot be cleared: give a value or leave it out`);
    }
    const fields: FourHseFields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    if (Object.keys(fields).length === 0) throw badInput('input', 'input must change at least one field');
    // The certificate as it is now: for the changes the UPDATED event reports, and to check a date given alone.
    const current = ctx.writes.connectors.get(decoded.source)?.writer?.update
      ? ((await ctx.loaders.get(decoded.source)?.certificateByKey.load(JSON.stringify(decoded.key))) ?? null)
      : null;
    if ((fields.issuedOn === undefined) !== (fields.expiresOn === undefined || fields.expiresOn === null) && current) {
      // Only one of the dates changes: it must still fit the other, as the certificate has it now.
      const issued = fields.issuedOn ?? current?.issuedOn;
      const expires = fields.expiresOn ?? current?.expiresOn;
      if (issued && expires && expires < issued) {
        const field = fields.expiresOn !== undefined ? 'input.expiresOn' : 'input.issuedOn';
        throw badInput(field, `${field} would put the expiry (${expires}) before the issue date (${issued})`);
      }
    }
    const record = await updateCertificate(ctx.writes, decoded.source, decoded.key, fields, idempotencyKey, current);
    return new Certificate(record, ctx.status);
  }

  @Mutation(() => RevokeCertificatePayload, { description: '4HSE: without force, only the list of what a forced delete would remove; Ensinio: revokes' })
  async revokeCertificate(@Args() { id, force, idempotencyKey }: RevokeCertificateArgs, @Ctx() ctx: GatewayContext): Promise<RevokeCertificatePayload> {
    const decoded = decodeId(id, 'id', 'Certificate');
    // Read first, so the DELETED event can carry what was deleted.
    const before = ctx.writes.connectors.get(decoded.source)?.writer?.revoke
      ? ((await ctx.loaders.get(decoded.source)?.certificateByKey.load(JSON.stringify(decoded.key)).catch(() => null)) ?? null)
      : null;
    const outcome = await revokeCertificate(ctx.writes, decoded.source, decoded.key, force, idempotencyKey, before);
    return { revoked: outcome.revoked, certificateId: id, source: decoded.source as Source, wouldDelete: outcome.affected, message: outcome.message };
  }
}

const INPUT_OF = { FOURHSE: 'fourhse', ENSINIO: 'ensinio', SPRINGEST: 'springest' } as const;

/** The one per-source input that matches input.source, as the connector's request. */
export function toIssueRequest(input: IssueCertificateInput): IssueRequest {
  if (input.source === Source.FALKOR) {
    throw new GatewayError('FALKOR is read only: certificates are issued by completing a story', { code: 'NOT_SUPPORTED_BY_SOURCE', source: 'FALKOR' });
  }
  const own = INPUT_OF[input.source];
  for (const other of Object.values(INPUT_OF)) {
    if (other !== own && input[other] != null) throw badInput(`input.${other}`, `input.${other} does not belong to source ${input.source}: give input.${own} only`);
  }
  const missing = () => badInput(`input.${own}`, `input.${own} is required when input.source is ${input.source}`);
  switch (input.source) {
    case Source.FOURHSE: {
      const f = input.fourhse ?? (() => { throw missing(); })();
      return {
        source: 'FOURHSE',
        fields: {
          name: f.name,
          issuedOn: f.issuedOn,
          expiresOn: f.expiresOn,
          actionType: f.actionType,
          resourceId: f.resourceId,
          tenantId: f.tenantId,
          note: f.note,
          data: f.data,
          validity: f.validity,
          validityUnit: f.validityUnit,
          warning: f.warning,
        },
      };
    }
    case Source.ENSINIO: {
      const e = input.ensinio ?? (() => { throw missing(); })();
      return { source: 'ENSINIO', groupId: e.groupId, userId: e.userId, conclusionDate: e.conclusionDate };
    }
    case Source.SPRINGEST: {
      const s = input.springest ?? (() => { throw missing(); })();
      return {
        source: 'SPRINGEST',
        upload: {
          certificationId: s.certificationId,
          email: s.email.trim().toLowerCase(),
          validFrom: s.validFrom,
          validUntil: s.validUntil,
          conversionId: s.conversionId,
          file: { name: s.fileName ?? 'certificate.pdf', bytes: Buffer.from(s.fileBase64.replace(/\s/g, ''), 'base64') },
        },
      };
    }
  }
}
