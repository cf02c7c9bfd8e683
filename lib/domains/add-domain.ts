import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { CreateDomainInput, DomainDto } from "@/lib/schemas/domains";
import type { WorkspaceScope } from "@/lib/core/scope";
import { presentDomain } from "./present";

const MAX_DOMAINS = 50;

const duplicate = () => new ApiError("conflict", "This domain was already added to the workspace", { details: [{ path: "domain", message: "Already added" }] });

/** Adds an unverified domain and the TXT record that proves control of it. */
export async function addDomain(scope: WorkspaceScope, input: CreateDomainInput): Promise<DomainDto> {
  const workspaceId = scope.workspace.id;
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.domain.findFirst({ where: { workspaceId, domain: input.domain }, select: { id: true } })) throw duplicate();
      if ((await tx.domain.count({ where: { workspaceId } })) >= MAX_DOMAINS) {
        throw new ApiError("invalid_request", `A workspace can have at most ${MAX_DOMAINS} domains`);
      }
      const row = await tx.domain.create({ data: { id: newId("domain"), workspaceId, domain: input.domain, verifyToken: randomBytes(16).toString("hex") } });
      await recordScopedAudit(scope, { action: "domain.create", target: { type: "domain", id: row.id }, after: { domain: row.domain, verified: false } }, tx);
      return presentDomain(row);
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw duplicate();
    throw err;
  }
}
