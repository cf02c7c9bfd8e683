import {
  createToolBody,
  createToolPolicyBody,
  listToolsQuery,
  testToolBody,
  testToolResponse,
  toolPage,
  toolParams,
  toolPolicyList,
  toolPolicyParams,
  toolPolicyResponse,
  toolResponse,
  updateToolBody,
  updateToolPolicyBody,
} from "@/lib/schemas/tools";
import { createTool } from "@/lib/tools/create-tool";
import { deleteTool } from "@/lib/tools/delete-tool";
import { getTool, listTools } from "@/lib/tools/list-tools";
import { updateTool } from "@/lib/tools/update-tool";
import { testTool } from "@/lib/tools/test-tool";
import { createToolPolicy } from "@/lib/tools/policies/create-policy";
import { deleteToolPolicy } from "@/lib/tools/policies/delete-policy";
import { listToolPolicies } from "@/lib/tools/policies/list-policies";
import { updateToolPolicy } from "@/lib/tools/policies/update-policy";
import { defineResource } from "./define";

export const tools = defineResource(
  {
    tags: ["Tools"],
    auth: "project",
    components: { Tool: toolResponse, ToolPolicy: toolPolicyResponse },
  },
  (op) => ({
    listTools: op({
      route: "GET /v1/tools",
      summary: "List the project's tools",
      description:
        "Newest first. A tool is an upstream API agents call through the gateway's tool proxy at `/t/<name>/…` (`TOOL_<NAME>_URL` in their runtime bundle): the gateway checks the tool's capabilities and the agent's policy bindings, injects the credential from a connection of the project, and records the call in the run.",
      action: "tool.read",
      query: listToolsQuery,
      responses: { 200: { description: "A page of tools", schema: toolPage } },
      handler: async (ctx, { query }) => listTools(ctx, query),
      mcp: { name: "tools_list", annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } },
    }),

    createTool: op({
      route: "POST /v1/tools",
      summary: "Register a tool",
      description:
        "The base URL must pass the egress policy (private, loopback and link-local addresses are refused unless the server allows them). Capability paths are path-to-regexp patterns. The credential names a connection of the project: `api_key` and `sigv4` read an api_key connection, `oauth2` an oauth2 connection. No agent may call the tool until a policy binds it.",
      action: "tool.manage",
      body: createToolBody,
      errors: [409],
      responses: { 201: { description: "The tool", schema: (c) => c.Tool } },
      handler: async (ctx, { body }) => createTool(ctx, body),
    }),

    getTool: op({
      route: "GET /v1/tools/{id}",
      summary: "Get a tool",
      description: "By id (`tool_…`) or name.",
      action: "tool.read",
      params: toolParams,
      responses: { 200: { description: "The tool", schema: (c) => c.Tool } },
      handler: async (ctx, { params }) => getTool(ctx, params.id),
    }),

    updateTool: op({
      route: "PATCH /v1/tools/{id}",
      summary: "Change a tool's settings",
      description: "Only the fields given change; `capabilities` and `credential` are replaced as a whole. Renaming changes its URL (`TOOL_<NAME>_URL`). Gateways drop their cached copy at once.",
      action: "tool.manage",
      params: toolParams,
      body: updateToolBody,
      errors: [409],
      responses: { 200: { description: "The tool", schema: (c) => c.Tool } },
      handler: async (ctx, { params, body }) => updateTool(ctx, params.id, body),
    }),

    deleteTool: op({
      route: "DELETE /v1/tools/{id}",
      summary: "Delete a tool",
      description: "With its policies; the next call to its URL is a 404.",
      action: "tool.manage",
      params: toolParams,
      responses: { 204: { description: "Deleted" } },
      handler: async (ctx, { params }) => deleteTool(ctx, params.id),
    }),

    listToolPolicies: op({
      route: "GET /v1/tools/{id}/policies",
      summary: "List a tool's policies",
      description:
        "Oldest first. Each binds an agent to the tool (allow, approval_required, deny), optionally narrowed by method, path pattern and end user: the most specific binding that matches a call decides it; between equally specific ones the strictest; none matching denies.",
      action: "tool.read",
      params: toolParams,
      responses: { 200: { description: "The tool's policies", schema: toolPolicyList } },
      handler: async (ctx, { params }) => listToolPolicies(ctx, params.id),
    }),

    createToolPolicy: op({
      route: "POST /v1/tools/{id}/policies",
      summary: "Bind an agent to a tool",
      description: "`agentId` is an agent of the project, by id or slug; `pathPattern` a path-to-regexp pattern. Gateways apply it at once.",
      action: "tool.manage",
      params: toolParams,
      body: createToolPolicyBody,
      responses: { 201: { description: "The policy", schema: (c) => c.ToolPolicy } },
      handler: async (ctx, { params, body }) => createToolPolicy(ctx, params.id, body),
    }),

    updateToolPolicy: op({
      route: "PATCH /v1/tools/{id}/policies/{policyId}",
      summary: "Change a tool policy",
      description: "Only the fields given change; the agent does not (delete the binding and create another).",
      action: "tool.manage",
      params: toolPolicyParams,
      body: updateToolPolicyBody,
      responses: { 200: { description: "The policy", schema: (c) => c.ToolPolicy } },
      handler: async (ctx, { params, body }) => updateToolPolicy(ctx, params.id, params.policyId, body),
    }),

    deleteToolPolicy: op({
      route: "DELETE /v1/tools/{id}/policies/{policyId}",
      summary: "Delete a tool policy",
      description: "With no binding left that matches, the agent's calls are denied.",
      action: "tool.manage",
      params: toolPolicyParams,
      responses: { 204: { description: "Deleted" } },
      handler: async (ctx, { params }) => deleteToolPolicy(ctx, params.id, params.policyId),
    }),

    testTool: op({
      route: "POST /v1/tools/{id}/test",
      summary: "Make a test call to a tool",
      description:
        "Calls the tool's upstream from the platform with its credential injected (15 s timeout, no redirects, egress policy applied), as the gateway would but without any policy or approval: the path must be a safe path (no dot segments, encoded separators or empty segments: `tool_path_refused`) and match a capability when the tool declares any (`capability_not_declared`). Returns the status, the headers (without those carrying credentials) and at most 64 KiB of the body, with the credential's secrets cut out. 424 when the credential cannot be had, 502 when the upstream cannot be reached.",
      action: "tool.test",
      params: toolParams,
      body: testToolBody,
      responses: {
        200: { description: "What the upstream answered", schema: testToolResponse },
        424: { description: "The credential could not be obtained (connection missing, revoked, refused)", schema: (c) => c.Error },
        502: { description: "The upstream could not be reached (`upstream_unreachable`)", schema: (c) => c.Error },
      },
      handler: async (ctx, { params, body }) => testTool(ctx, params.id, body),
    }),
  }),
);
