import { withWorkspace } from "@/lib/api/with-auth";
import { verifyDomain } from "@/lib/domains/verify-domain";

// POST /v1/domains/{id}/verify — check the TXT record and mark the domain verified
export const POST = withWorkspace(async (ctx) => verifyDomain(ctx, ctx.params.id), { action: "domain.manage" });
