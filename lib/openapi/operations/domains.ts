import { z } from "zod";
import { createDomainBody, domainResponse } from "@/lib/schemas/domains";
import { page, pageQuery } from "@/lib/schemas/common";
import { registerOperation, type ApiRegistry } from "../registry";

const domainParams = z.object({ id: z.string() });

export function registerDomainOperations(r: ApiRegistry): void {
  const tags = ["Domains"];
  const Domain = r.schema("Domain", domainResponse);

  registerOperation(r, {
    method: "get",
    path: "/v1/domains",
    operationId: "listDomains",
    summary: "The workspace's domains and the TXT record each needs",
    tags,
    auth: "workspace",
    action: "domain.read",
    query: pageQuery,
    responses: { 200: { description: "A page of domains", schema: page(Domain) } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/domains",
    operationId: "addDomain",
    summary: "Add a domain to verify",
    tags,
    auth: "workspace",
    action: "domain.manage",
    body: createDomainBody,
    errors: [409],
    responses: { 201: { description: "The domain and its TXT record", schema: Domain } },
  });
  registerOperation(r, {
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
    responses: { 200: { description: "The domain", schema: Domain } },
  });
  registerOperation(r, {
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
  });
}
