import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import type { CertificateRecord } from '../../domain';
import { certificatesByPerson, type ComplianceRow as RowRecord, byUrgency, evaluateRequirement } from '../../compliance/evaluate';
import type { Requirement as RequirementRecord } from '../../compliance/requirements-file';
import { checkFilter, computeView, filterHash, loadWholeLists, pageRows } from '../../compliance/view';
import { unlinkedHolders } from '../../compliance/unlinked';
import { personCriteria } from '../../people/person-criteria';
import { DEFAULT_FIRST } from '../../query';
import { badInput } from '../../errors';
import { Certificate } from '../certificate/certificate.type';
import { reportSourceFailure } from '../certificate/connection';
import { ActionType } from '../enums';
import { Person, personOf } from '../person/person.type';
import { Resource } from '../resource/resource.type';
import { ComplianceArgs, UnlinkedHoldersArgs } from './compliance.inputs';
import { ComplianceConnection, ComplianceRow, ComplianceStatus, MatchReason, Requirement, UnlinkedHolder } from './compliance.type';

/** The GraphQL face of a requirement. */
export function requirementOf(r: RequirementRecord): Requirement {
  return {
    id: r.id,
    name: r.name,
    set: r.set,
    certificationId: r.certificationId,
    actionType: r.actionType && r.actionType in ActionType ? (r.actionType as ActionType) : null,
    namePattern: r.namePattern?.source ?? null,
    minRemainingDays: r.minRemainingDays,
    expiringWithinDays: r.expiringWithinDays,
  };
}

export function rowOf(r: RowRecord, ctx: GatewayContext): ComplianceRow {
  return {
    person: personOf(r.person),
    requirement: requirementOf(r.requirement),
    status: r.status as ComplianceStatus,
    certificate: r.certificate && new Certificate(r.certificate, ctx.status),
    expiresOn: r.expiresOn,
    daysLeft: r.daysLeft,
  };
}

/** The sources whose certificates carry the holder's email. */
const emailSourcesOf = (ctx: GatewayContext) => new Set(ctx.configured.filter((m) => m.capabilities.holderEmail).map((m) => m.name));

@Resolver(() => ComplianceRow)
export class ComplianceResolver {
  @Query(() => ComplianceConnection, {
    description:
      'Who is covered by the certificates their requirement sets ask for: one row per person (PEOPLE_FILE) × requirement (REQUIREMENTS_FILE), most urgent first. Reads one whole certificate list per source for the whole view, never one call per person',
  })
  async compliance(@Args() args: ComplianceArgs, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<ComplianceConnection> {
    const people = ctx.compliance.people();
    const catalog = ctx.compliance.requirements();
    // Checked before anything is called.
    const filter = checkFilter(args.filter, people, catalog);
    const hash = filterHash(filter);
    const { certificates, failures } = await loadWholeLists(ctx.loaders, ctx.configured.map((m) => m.name));
    for (const f of failures) reportSourceFailure(ctx, info, f.error);
    const mine = certificatesByPerson(certificates, people, emailSourcesOf(ctx));
    const view = computeView(filter, people, catalog, (p) => mine.get(p.email) ?? [], ctx.status.today, ctx.status.expiringWithinDays);
    const page = pageRows(view.rows, args, hash, DEFAULT_FIRST);
    const edges = page.rows.map(({ row, cursor }) => ({ cursor, node: rowOf(row, ctx) }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      totalCount: view.rows.length,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      summary: { byRequirementSet: view.byRequirementSet, byTag: view.byTag },
    };
  }

  @Query(() => [UnlinkedHolder], {
    description:
      "Holders of the source's certificates that the people file links to nobody (by holder id, or by email where the source carries emails), with the people they may be; one whole list of the source",
  })
  async unlinkedHolders(@Args() { source }: UnlinkedHoldersArgs, @Ctx() ctx: GatewayContext): Promise<UnlinkedHolder[]> {
    const module = ctx.configured.find((m) => m.name === source);
    if (!module) throw badInput('source', `source ${source} is not configured`);
    const { certificates, failures } = await loadWholeLists(ctx.loaders, [source]);
    if (failures.length > 0) throw failures[0].error;
    return unlinkedHolders(certificates, ctx.compliance.people(), module.capabilities.holderEmail).map((u) => ({
      holder: new Resource(u.holder),
      certificateCount: u.certificateCount,
      likelyMatches: u.likelyMatches.map((m) => ({ email: m.person.email, name: m.person.name, reason: m.reason as MatchReason })),
    }));
  }
}

@Resolver(() => Person)
export class PersonComplianceResolver {
  @FieldResolver(() => [ComplianceRow], {
    description: "This person's rows of the compliance view, most urgent first (empty when the people file does not list them); reads this person's certificates, one narrow list per source",
  })
  async compliance(@Root() p: Person, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<ComplianceRow[]> {
    const entry = ctx.compliance.people().byEmailOf(p.email);
    if (!entry) return [];
    const requirements = ctx.compliance.requirements().requirementsOf(entry);
    if (requirements.length === 0) return [];
    const perSource = personCriteria(entry, {}, ctx.configured);
    const lists = await Promise.all(
      [...perSource].map(([source, criteria]) =>
        ctx.loaders
          .get(source)!
          .listCertificates({ criteria, order: { field: 'NAME', direction: 'ASC' }, offset: 0, limit: Number.MAX_SAFE_INTEGER })
          .then((w) => w.items)
          .catch((e: unknown): CertificateRecord[] => {
            reportSourceFailure(ctx, info, e);
            return [];
          }),
      ),
    );
    const certificates = lists.flat();
    return requirements
      .map((r) => evaluateRequirement(entry, r, certificates, ctx.status.today, ctx.status.expiringWithinDays))
      .sort(byUrgency)
      .map((r) => rowOf(r, ctx));
  }
}
