import { z } from "zod";
import { createDomainBody, domainResponse } from "@/lib/schemas/domains";
import { page, pageQuery } from "@/lib/schemas/common";
import { json } from "@/lib/api/with-auth";
import { addDomain as add } from "@/lib/domains/add-domain";
import { listDomains as list } from "@/lib/domains/list-domains";
import { removeDomain as remove } from "@/lib/domains/remove-domain";
import { verifyDomain as verify } from "@/lib/domains/verify-domain";
import { defineOperation, defineResource } from "./define";

const domainParams = z.object({ id: z.string() });

const tags = ["Domains"];

export const listDomains = defineOperation({
  method: "get",
  path: "/v1/domains",
  operationId: "listDomains",
  summary: "The workspace's domains and the TXT record each needs",
  tags,
  auth: "workspace",
  action: "domain.read",
  query: pageQuery,
  responses: { 200: { description: "A page of domains", schema: (c) => page(c.Domain) } },
  handler: async (ctx, { query }) => list(ctx.workspace.id, query),
});

export const addDomain = defineOperation({
  method: "post",
  path: "/v1/domains",
  operationId: "addDomain",
  summary: "Add a domain to verify",
  tags,
  auth: "workspace",
  action: "domain.manage",
  body: createDomainBody,
  errors: [409],
  responses: { 201: { description: "The domain and its TXT record", schema: (c) => c.Domain } },
  handler: async (ctx, { body }) => json(await add(ctx, body), 201),
});

export const verifyDomain = defineOperation({
  method: "post",
  path: "/v1/domains/{id}/verify",
  operationId: "verifyDomain",
  summary: "Check the TXT record and mark the domain verified",
  description: "422 when the record is not (yet) published; 409 when another workspace verified the domain.",
  tags,
  auth: "workspace",
  action: "domain.manage",
  params: domainParams,
  errors: [409],
  responses: { 200: { description: "The domain", schema: (c) => c.Domain } },
  documentOnly: ["params"],
  handler: async (ctx) => verify(ctx, ctx.params.id),
});

export const removeDomain = defineOperation({
  method: "delete",
  path: "/v1/domains/{id}",
  operationId: "removeDomain",
  summary: "Remove a domain",
  tags,
  auth: "workspace",
  action: "domain.manage",
  params: domainParams,
  errors: [409],
  responses: { 204: { description: "Removed" } },
  documentOnly: ["params"],
  handler: async (ctx) => {
    await remove(ctx, ctx.params.id);
    return json(null, 204);
  },
});

export const domainsOperations = defineResource({ Domain: domainResponse }, [listDomains, addDomain, verifyDomain, removeDomain]);

