import { idParams } from "@/lib/schemas/common";
import {
  callMcpToolBody,
  callMcpToolResponse,
  createMcpInstanceBody,
  listMcpInstancesQuery,
  mcpInstancePage,
  mcpInstanceResponse,
  mcpToolList,
  mcpToolParams,
  mcpToolResponse,
  syncMcpInstanceResponse,
  updateMcpInstanceBody,
  updateMcpToolBody,
} from "@/lib/schemas/mcp-instances";
import { createMcpInstance as create } from "@/lib/mcp-instances/create-instance";
import { deleteMcpInstance as remove } from "@/lib/mcp-instances/delete-instance";
import { getMcpInstance as get, listMcpInstances as list } from "@/lib/mcp-instances/list-instances";
import { listMcpInstanceTools as listTools } from "@/lib/mcp-instances/list-tools";
import { setMcpToolPolicy as setPolicy } from "@/lib/mcp-instances/set-tool-policy";
import { syncMcpInstance as sync } from "@/lib/mcp-instances/sync-instance";
import { testCallMcpTool as testCall } from "@/lib/mcp-instances/test-call-tool";
import { updateMcpInstance as update } from "@/lib/mcp-instances/update-instance";
import { defineResource } from "./define";

export const mcpInstances = defineResource(
  { tags: ["MCP instances"], auth: "project", components: { McpInstance: mcpInstanceResponse, McpTool: mcpToolResponse } },
  (op) => ({
    listMcpInstances: op({
      route: "GET /v1/mcp-instances",
      summary: "List the project's MCP instances",
      description: "Newest first. An instance binds an adapter (`remote_mcp`: a remote MCP server over Streamable HTTP; `openapi`: an HTTP API described by an OpenAPI document; `postgres`, `mysql`, `sqlite`, `redis`: built-in database tools) to a project connection.",
      action: "mcp_instance.read",
      query: listMcpInstancesQuery,
      responses: { 200: { description: "A page of instances", schema: mcpInstancePage } },
      handler: async (ctx, { query }) => list(ctx, query),
      mcp: { name: "mcp_instances_list", annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } },
    }),

    createMcpInstance: op({
      route: "POST /v1/mcp-instances",
      summary: "Create an MCP instance",
      description:
        "The name is the tool prefix (`<name>__<tool>`). The connection (of the same project; API key, OAuth or WhatsApp) holds the credential, read from the vault at each call and placed as the instance says: `bearer`, `header` or `query` (with `credentialName`), or `basic`. OAuth connections are sent as bearer only. Sync to list the tools.",
      action: "mcp_instance.manage",
      body: createMcpInstanceBody,
      errors: [409],
      responses: { 201: { description: "The instance", schema: (c) => c.McpInstance } },
      handler: async (ctx, { body }) => create(ctx, body),
    }),

    getMcpInstance: op({
      route: "GET /v1/mcp-instances/{id}",
      summary: "Get an MCP instance",
      action: "mcp_instance.read",
      params: idParams,
      responses: { 200: { description: "The instance", schema: (c) => c.McpInstance } },
      handler: async (ctx, { params }) => get(ctx, params.id),
    }),

    updateMcpInstance: op({
      route: "PATCH /v1/mcp-instances/{id}",
      summary: "Change an MCP instance's settings",
      description: "Name, URL, connection, credential placement, read-only flag, allow and deny lists. The cached tools stay until the next sync.",
      action: "mcp_instance.manage",
      params: idParams,
      body: updateMcpInstanceBody,
      errors: [409],
      responses: { 200: { description: "The instance", schema: (c) => c.McpInstance } },
      handler: async (ctx, { params, body }) => update(ctx, params.id, body),
    }),

    deleteMcpInstance: op({
      route: "DELETE /v1/mcp-instances/{id}",
      summary: "Delete an MCP instance and its cached tools",
      description: "The connection is kept.",
      action: "mcp_instance.manage",
      params: idParams,
      responses: { 204: { description: "Deleted" } },
      handler: async (ctx, { params }) => remove(ctx, params.id),
    }),

    syncMcpInstance: op({
      route: "POST /v1/mcp-instances/{id}/sync",
      summary: "List the upstream's tools and cache them",
      description:
        "Connects with the official MCP client (the 2026-07-28 revision, falling back to the 2025-era handshake), lists the tools and caches each with the SHA-256 of its canonical input schema. New tools get the policy `allow` when the upstream marks them read-only (an untrusted hint), else `approval_required`; a policy a project admin chose is kept. A failed sync changes no tool: the instance records `lastSyncStatus: error` with a reason (upstream bodies are never echoed).",
      action: "mcp_instance.manage",
      params: idParams,
      responses: { 200: { description: "The instance and its tools after the sync", schema: syncMcpInstanceResponse } },
      handler: async (ctx, { params }) => sync(ctx, params.id),
    }),

    listMcpInstanceTools: op({
      route: "GET /v1/mcp-instances/{id}/tools",
      summary: "List an instance's cached tools",
      description: "By name, with input schema, schema hash, policy and whether the instance's lists and read-only flag let it be called.",
      action: "mcp_instance.read",
      params: idParams,
      responses: { 200: { description: "The tools", schema: mcpToolList } },
      handler: async (ctx, { params }) => listTools(ctx, params.id),
    }),

    updateMcpTool: op({
      route: "PATCH /v1/mcp-instances/{id}/tools/{tool}",
      summary: "Set a tool's policy",
      description: "`allow`, `approval_required` or `deny`. A policy set here survives every sync.",
      action: "mcp_instance.manage",
      params: mcpToolParams,
      body: updateMcpToolBody,
      responses: { 200: { description: "The tool", schema: (c) => c.McpTool } },
      handler: async (ctx, { params, body }) => setPolicy(ctx, params.id, params.tool, body.policy),
    }),

    callMcpTool: op({
      route: "POST /v1/mcp-instances/{id}/tools/{tool}/call",
      summary: "Test-call a tool",
      description:
        "A project admin's call of one cached tool, with the connection's credential injected at call time (never the caller's token). Refused (403) for a tool whose policy is `deny`, that the instance's lists exclude, or that is not marked read-only on a read-only instance. A token needs the `mcp:execute` scope. Audited with the hash of the arguments. A call that did not reach the tool answers 200 with `error` set.",
      action: "mcp_tool.call",
      params: mcpToolParams,
      body: callMcpToolBody,
      responses: { 200: { description: "The tool's result (upstream text with any echo of the credential cut out)", schema: callMcpToolResponse } },
      handler: async (ctx, { params, body }) => testCall(ctx, params.id, params.tool, body.arguments),
    }),
  }),
);
