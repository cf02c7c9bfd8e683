import { parseJson, parseQuery } from "@/lib/api/body";
import { pageQuery } from "@/lib/api/pagination";
import { json, withWorkspace } from "@/lib/api/with-auth";
import { addDomain } from "@/lib/domains/add-domain";
import { listDomains } from "@/lib/domains/list-domains";
import { createDomainBody } from "@/lib/schemas/domains";

// GET /v1/domains — the workspace's domains and the TXT record each needs
export const GET = withWorkspace(async (ctx) => listDomains(ctx.workspace.id, parseQuery(ctx.req, pageQuery)), { action: "domain.read" });

// POST /v1/domains — add a domain to verify
export const POST = withWorkspace(async (ctx) => json(await addDomain(ctx, await parseJson(ctx.req, createDomainBody)), 201), {
  action: "domain.manage",
});
