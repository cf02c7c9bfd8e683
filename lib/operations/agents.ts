import { pageQuery } from "@/lib/core/pagination";
import {
  agentPage,
  agentParams,
  agentResponse,
  agentRuntimeResponse,
  agentTokenPage,
  agentTokenParams,
  agentTokenResponse,
  createAgentBody,
  createdAgentResponse,
  createdAgentTokenResponse,
  issueAgentTokenBody,
  listAgentsQuery,
  tryAgentBody,
  tryAgentResponse,
  updateAgentBody,
} from "@/lib/schemas/agents";
import { listAgentTokens, revokeAgentToken } from "@/lib/agents/agent-tokens";
import { createAgent } from "@/lib/agents/create-agent";
import { deleteAgent } from "@/lib/agents/delete-agent";
import { issueAgentToken } from "@/lib/agents/issue-agent-token";
import { getAgent, listAgents } from "@/lib/agents/list-agents";
import { rotateAgentToken } from "@/lib/agents/rotate-agent-token";
import { updateAgent } from "@/lib/agents/update-agent";
import { getAgentRuntime } from "@/lib/agents/runtime-bundle";
import { tryAgent } from "@/lib/agents/try-agent";
import { defineResource } from "./define";

export const agents = defineResource(
  {
    tags: ["Agents"],
    auth: "project",
    components: { Agent: agentResponse, AgentToken: agentTokenResponse, CreatedAgentToken: createdAgentTokenResponse },
  },
  (op) => ({
    listAgents: op({
      route: "GET /v1/agents",
      summary: "List the project's agents",
      description: "Newest first. An agent is a customer's service the gateway fronts: end users reach it at its ingress URL (`/a/<agent id>` on the gateway) with a JWT of its identity provider, and it calls models and tools through the gateway with its agent token.",
      action: "agent.read",
      query: listAgentsQuery,
      responses: { 200: { description: "A page of agents", schema: agentPage } },
      handler: async (ctx, { query }) => listAgents(ctx, query),
      mcp: { name: "agents_list", annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } },
    }),

    createAgent: op({
      route: "POST /v1/agents",
      summary: "Register an agent",
      description:
        "The endpoint URL and the identity provider's JWKS URL must pass the egress policy (private, loopback and link-local addresses are refused unless the server allows them). A model without `providerId` must be in the catalog (the platform key serves it). The answer carries the agent's first token (`ar_agt_…`): its value is shown this once.",
      action: "agent.manage",
      body: createAgentBody,
      errors: [409],
      responses: { 201: { description: "The agent and its first token", schema: createdAgentResponse } },
      handler: async (ctx, { body }) => createAgent(ctx, body),
    }),

    getAgent: op({
      route: "GET /v1/agents/{id}",
      summary: "Get an agent",
      description: "By id (`agt_…`) or slug.",
      action: "agent.read",
      params: agentParams,
      responses: { 200: { description: "The agent", schema: (c) => c.Agent } },
      handler: async (ctx, { params }) => getAgent(ctx, params.id),
    }),

    updateAgent: op({
      route: "PATCH /v1/agents/{id}",
      summary: "Change an agent's settings",
      description: "Only the fields given change; `models`, `requiredTools`, `allowedOrigins` and `identityProvider` are replaced as a whole (`identityProvider: null` closes ingress). Gateways drop their cached copy at once.",
      action: "agent.manage",
      params: agentParams,
      body: updateAgentBody,
      errors: [409],
      responses: { 200: { description: "The agent", schema: (c) => c.Agent } },
      handler: async (ctx, { params, body }) => updateAgent(ctx, params.id, body),
    }),

    deleteAgent: op({
      route: "DELETE /v1/agents/{id}",
      summary: "Delete an agent",
      description: "Its tokens stop working at once, and its runs are deleted with it.",
      action: "agent.manage",
      params: agentParams,
      responses: { 204: { description: "Deleted" } },
      handler: async (ctx, { params }) => deleteAgent(ctx, params.id),
    }),

    rotateAgentToken: op({
      route: "POST /v1/agents/{id}/rotate-token",
      summary: "Rotate the agent's token",
      description: "Revokes every token of the agent (extra ones included) and issues one new token, whose value is shown this once. The next call with an old token is a 401.",
      action: "agent.manage",
      params: agentParams,
      responses: { 201: { description: "The new token", schema: (c) => c.CreatedAgentToken } },
      handler: async (ctx, { params }) => rotateAgentToken(ctx, params.id),
    }),

    listAgentTokens: op({
      route: "GET /v1/agents/{id}/tokens",
      summary: "List the agent's tokens",
      description: "Newest first, revoked and expired ones included. Only prefixes: values are never shown again.",
      action: "agent.read",
      params: agentParams,
      query: pageQuery,
      responses: { 200: { description: "A page of tokens", schema: agentTokenPage } },
      handler: async (ctx, { params, query }) => listAgentTokens(ctx, params.id, query),
    }),

    issueAgentToken: op({
      route: "POST /v1/agents/{id}/tokens",
      summary: "Issue an extra agent token",
      description: "A short-lived token beside the others (what `agentruntime agents run` uses): it expires after `expiresInSeconds`, 30 days at most and by default. Its value is shown this once.",
      action: "agent.manage",
      params: agentParams,
      body: issueAgentTokenBody,
      responses: { 201: { description: "The token", schema: (c) => c.CreatedAgentToken } },
      handler: async (ctx, { params, body }) => issueAgentToken(ctx, params.id, body),
    }),

    revokeAgentToken: op({
      route: "DELETE /v1/agents/{id}/tokens/{tokenId}",
      summary: "Revoke one agent token",
      description: "The next call with it is a 401. Idempotent.",
      action: "agent.manage",
      params: agentTokenParams,
      responses: { 200: { description: "The revoked token", schema: (c) => c.AgentToken } },
      handler: async (ctx, { params }) => revokeAgentToken(ctx, params.id, params.tokenId),
    }),

    getAgentRuntime: op({
      route: "GET /v1/agents/{id}/runtime",
      summary: "The agent's runtime bundle",
      description:
        "The environment an agent process runs with (runtime injection): its id and ingress URL, `SYSTEM_PROMPT`, `LLM_GATEWAY_URL`, `LLM_MODEL_<ROLE>` and `LLM_PROVIDER_<ROLE>` per role (the agent's own, then the project's model settings), `TOOL_<NAME>_URL` per required tool. Never a credential: provider keys stay in the gateway and the agent token is not part of it.",
      action: "agent.read",
      params: agentParams,
      responses: { 200: { description: "The bundle", schema: agentRuntimeResponse } },
      handler: async (ctx, { params }) => getAgentRuntime(ctx, params.id),
    }),

    tryAgent: op({
      route: "POST /v1/agents/{id}/try",
      summary: "Send a test request through ingress",
      description:
        "Relays one request to the gateway's `/a/<agent id><path>` with `jwt` as the bearer, as a client would (15 s timeout), and returns the status, the content type, request id and run id headers, and at most 64 KiB of the body. Ingress refusals (401, 403) are answers like any other; 502 when the gateway cannot be reached.",
      action: "agent.try",
      params: agentParams,
      body: tryAgentBody,
      responses: {
        200: { description: "What the gateway answered", schema: tryAgentResponse },
        502: { description: "The gateway could not be reached (`gateway_unreachable`)", schema: (c) => c.Error },
      },
      handler: async (ctx, { params, body }) => tryAgent(ctx, params.id, body),
    }),
  }),
);
