import { z } from "zod";
import { createDomainBody, domainResponse } from "@/lib/schemas/domains";
import { page, pageQuery } from "@/lib/schemas/common";
import { addDomain as add } from "@/lib/domains/add-domain";
import { listDomains as list } from "@/lib/domains/list-domains";
import { removeDomain as remove } from "@/lib/domains/remove-domain";
import { verifyDomain as verify } from "@/lib/domains/verify-domain";
import { defineResource } from "./define";

// The handlers read `{id}` from the route params as is: documented, not parsed.
const byPath = { params: z.object({ id: z.string() }), documentOnly: ["params"] } as const;

export const domains = defineResource({ tags: ["Domains"], auth: "workspace", components: { Domain: domainResponse } }, (op) => ({
  listDomains: op({
    route: "GET /v1/domains",
    summary: "The workspace's domains and the TXT record each needs",
    action: "domain.read",
    query: pageQuery,
    responses: { 200: { description: "A page of domains", schema: (c) => page(c.Domain) } },
    handler: async (ctx, { query }) => list(ctx.workspace.id, query),
  }),

  addDomain: op({
    route: "POST /v1/domains",
    summary: "Add a domain to verify",
    action: "domain.manage",
    body: createDomainBody,
    errors: [409],
    responses: { 201: { description: "The domain and its TXT record", schema: (c) => c.Domain } },
    handler: async (ctx, { body }) => add(ctx, body),
  }),

  verifyDomain: op({
    route: "POST /v1/domains/{id}/verify",
    summary: "Check the TXT record and mark the domain verified",
    description: "422 when the record is not (yet) published; 409 when another workspace verified the domain.",
    action: "domain.manage",
    ...byPath,
    errors: [409],
    responses: { 200: { description: "The domain", schema: (c) => c.Domain } },
    handler: async (ctx) => verify(ctx, ctx.params.id),
  }),

  removeDomain: op({
    route: "DELETE /v1/domains/{id}",
    summary: "Remove a domain",
    action: "domain.manage",
    ...byPath,
    errors: [409],
    responses: { 204: { description: "Removed" } },
    handler: async (ctx) => remove(ctx, ctx.params.id),
  }),
}));
