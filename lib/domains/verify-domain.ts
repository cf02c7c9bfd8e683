import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError, notFound } from "@/lib/core/errors";
import type { DomainDto } from "@/lib/schemas/domains";
import type { WorkspaceScope } from "@/lib/core/scope";
import { lookupTxt } from "./dns-txt";
import { presentDomain, txtRecord } from "./present";

/**
 * Looks up `_agentruntime.<domain>` and marks the domain verified when one TXT value equals
 * `agentruntime-verification=<token>`. A domain is verified by one workspace at a time.
 */
export async function verifyDomain(scope: WorkspaceScope, id: string): Promise<DomainDto> {
  const workspaceId = scope.workspace.id;
  const domain = await db.domain.findFirst({ where: { id, workspaceId } });
  if (!domain) throw notFound("Domain");
  if (domain.verifiedAt) return presentDomain(domain);

  const record = txtRecord(domain);
  const values = await lookupTxt(record.name);
  const checkedAt = new Date();
  if (!values.some((v) => v.trim() === record.value)) {
    await db.domain.updateMany({ where: { id, workspaceId }, data: { lastCheckedAt: checkedAt } });
    const seen = values.length > 0 ? ` A TXT record exists there, but none has the expected value.` : "";
    throw new ApiError("invalid_request", `TXT record not found: publish a TXT record named ${record.name} with the value ${record.value} and try again (DNS changes can take a few minutes).${seen}`, {
      details: [{ path: "txtRecord", message: "TXT record not found" }],
    });
  }

  return db.$transaction(async (tx) => {
    // Serialises verifications of the same name across workspaces: check-then-set is atomic.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`domain:${domain.domain}`}))`;
    const claimed = await tx.domain.findFirst({ where: { domain: domain.domain, verifiedAt: { not: null }, NOT: { workspaceId } }, select: { id: true } });
    if (claimed) {
      throw new ApiError("conflict", "This domain is already verified by another workspace; it must be removed there first");
    }
    const after = await tx.domain.update({ where: { id }, data: { verifiedAt: checkedAt, lastCheckedAt: checkedAt } });
    await recordScopedAudit(scope, { action: "domain.verify", target: { type: "domain", id }, before: { domain: domain.domain, verified: false }, after: { domain: domain.domain, verified: true } }, tx);
    return presentDomain(after);
  });
}
