import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { page, timestamp } from "./common";

// Agents: a customer's agent registered in a project. Ingress (the gateway's /a/<agent id>/…)
// forwards its end users' requests to `endpointUrl` after verifying their JWTs against the
// identity provider; the agent calls the LLM gateway and the tool proxy with its agent token
// (`ar_agt_…`) and the URLs of its runtime bundle. Nothing here is a secret but the token value,
// returned once when it is issued.

/** Asymmetric JWS algorithms only: an HMAC secret would have to be shared with the platform. */
export const AGENT_JWT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
export const DEFAULT_AGENT_JWT_ALGORITHMS: AgentJwtAlgorithm[] = ["RS256", "ES256"];
export type AgentJwtAlgorithm = (typeof AGENT_JWT_ALGORITHMS)[number];

const MAX_SYSTEM_PROMPT_BYTES = 32 * 1024;
/** An extra token lives at most this long (the CLI asks for short-lived ones). */
export const MAX_AGENT_TOKEN_SECONDS = 30 * 24 * 60 * 60;
const MAX_RUN_BUDGET = 1_000_000_000_000; // $1M in usd_micros, as for runs
/** The try relay's request and answer bodies are cut at this size. */
export const TRY_BODY_LIMIT = 64 * 1024;

/** `TOOL_<NAME>_URL`, `LLM_MODEL_<ROLE>`: upper case, anything but A–Z and 0–9 as `_`. */
export const envName = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, "_");

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** `scheme://host[:port]` as browsers send it in `Origin`, or null when `raw` is not exactly that. */
export function normalizeOrigin(raw: string): string | null {
  if (!URL.canParse(raw)) return null;
  const u = new URL(raw);
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  if (u.username || u.password || u.search || u.hash || raw.includes("?") || raw.includes("#")) return null;
  if (u.pathname !== "/" || /^[a-z]+:\/\/[^/]+\/./i.test(raw)) return null;
  return u.origin;
}

export const agentSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Lower-case letters, digits and -, starting with a letter or digit (at most 63)")
  .describe("Unique in the project: names the agent in the API (`/v1/agents/{slug}`) and the CLI");
const agentName = z.string().trim().min(1, "Required").max(100);
const description = z.string().trim().max(500);

const httpUrl = z
  .url({ protocol: /^https?$/, error: "An http(s) URL" })
  .max(2048)
  .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), "Credentials do not belong in the URL");

export const agentRole = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "Lower-case letters, digits and _, starting with a letter (at most 32)");

export const agentModel = z.strictObject({
  role: agentRole.describe("`default`, `fast`, …: injected as LLM_MODEL_<ROLE> and LLM_PROVIDER_<ROLE>"),
  model: z.string().trim().min(1, "Required").max(200),
  providerId: z
    .string()
    .min(1)
    .max(64)
    .nullable()
    .optional()
    .describe("An LLM provider of this workspace; absent: the platform key of the model's vendor (the model must then be in the catalog, GET /v1/models)"),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().min(1).max(1_000_000).optional(),
});
export type AgentModel = z.infer<typeof agentModel>;

const models = z
  .array(agentModel)
  .max(50)
  .refine((m) => new Set(m.map((x) => x.role)).size === m.length, "Each role only once")
  .describe("Model settings per role; roles not listed fall back to the project's model settings");

export const agentToolName = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, "Lower-case letters, digits, _ and -, starting with a letter (at most 63)");
const requiredTools = z
  .array(agentToolName)
  .max(100)
  .refine((t) => new Set(t.map(envName)).size === t.length, "Each tool only once (names that differ only by - and _ share one TOOL_<NAME>_URL)")
  .describe("Tools the agent calls; each becomes TOOL_<NAME>_URL in its runtime bundle");

const algorithm = z.enum(AGENT_JWT_ALGORITHMS, {
  error: (issue) =>
    typeof issue.input === "string" && /^(HS\d+|none)$/i.test(issue.input)
      ? `${issue.input} is refused: only asymmetric algorithms (${AGENT_JWT_ALGORITHMS.join(", ")}) can be verified against a JWKS without sharing a secret`
      : `One of ${AGENT_JWT_ALGORITHMS.join(", ")}`,
});

export const identityProvider = z
  .strictObject({
    jwksUrl: httpUrl.describe("The identity provider's JWKS (fetched by the gateway; private and loopback addresses are refused unless the server allows them)"),
    issuer: z.string().trim().min(1, "Required").max(2048).describe("The exact `iss` end-user JWTs must carry"),
    audiences: z.array(z.string().trim().min(1).max(512)).min(1, "At least one audience").max(20).describe("Accepted `aud` values (one must match)"),
    algorithms: z.array(algorithm).min(1).max(AGENT_JWT_ALGORITHMS.length).default(DEFAULT_AGENT_JWT_ALGORITHMS).describe("Allowed JWS algorithms; HS* and none are refused"),
    userClaim: z
      .string()
      .trim()
      .min(1)
      .max(256)
      .regex(/^\S+$/, "A claim name, without spaces")
      .default("sub")
      .describe("The claim that names the end user (`sub`, `email`, …), sent to the agent as X-End-User-ID"),
  })
  .describe("How ingress verifies end users' JWTs; null: ingress refuses every request");
export type IdentityProviderInput = z.infer<typeof identityProvider>;

const allowedOrigins = z
  .array(z.string().max(2048).refine((o) => normalizeOrigin(o) !== null, "An exact origin: scheme://host[:port], without a path"))
  .max(50)
  .describe("Browser origins allowed to call ingress (CORS); empty: none");

const positive = z.int().min(1).max(1_000_000_000);

const settings = {
  name: agentName,
  description: description.nullable(),
  endpointUrl: httpUrl.describe("Where the agent runs; ingress forwards /a/<agent id>/… here. The egress policy applies: private and loopback addresses are refused unless the server allows them"),
  systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_BYTES).refine((s) => utf8Bytes(s) <= MAX_SYSTEM_PROMPT_BYTES, "At most 32 KiB").describe("Injected as SYSTEM_PROMPT"),
  models,
  requiredTools,
  identityProvider: identityProvider.nullable(),
  allowedOrigins,
  runBudget: z.int().min(1).max(MAX_RUN_BUDGET).nullable().describe("Ceiling of one ingress request (its run) in usd_micros; null: the project's default"),
  tokensPerMinute: positive.nullable().describe("LLM tokens per minute for the agent; null: unlimited"),
  endUserTokensPerMinute: positive.nullable().describe("LLM tokens per minute per end user; null: unlimited"),
};

export const createAgentBody = z.strictObject({
  slug: agentSlug,
  name: settings.name,
  description: settings.description.optional(),
  endpointUrl: settings.endpointUrl,
  systemPrompt: settings.systemPrompt.default(""),
  models: settings.models.default([]),
  requiredTools: settings.requiredTools.default([]),
  identityProvider: settings.identityProvider.default(null),
  allowedOrigins: settings.allowedOrigins.default([]),
  runBudget: settings.runBudget.default(null),
  tokensPerMinute: settings.tokensPerMinute.default(null),
  endUserTokensPerMinute: settings.endUserTokensPerMinute.default(null),
});
export type CreateAgentBody = z.infer<typeof createAgentBody>;

export const updateAgentBody = z
  .strictObject({
    slug: agentSlug.optional().describe("A new slug moves the ingress path"),
    name: settings.name.optional(),
    description: settings.description.optional(),
    endpointUrl: settings.endpointUrl.optional(),
    systemPrompt: settings.systemPrompt.optional(),
    models: settings.models.optional(),
    requiredTools: settings.requiredTools.optional(),
    identityProvider: settings.identityProvider.optional(),
    allowedOrigins: settings.allowedOrigins.optional(),
    runBudget: settings.runBudget.optional(),
    tokensPerMinute: settings.tokensPerMinute.optional(),
    endUserTokensPerMinute: settings.endUserTokensPerMinute.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to change");
export type UpdateAgentBody = z.infer<typeof updateAgentBody>;

export const listAgentsQuery = pageQuery;

/** `{id}`: the agent's id (`agt_…`) or its slug. */
export const agentParams = z.object({ id: z.string().min(1).max(64).describe("The agent's id or slug") });
export const agentTokenParams = agentParams.extend({ tokenId: z.string().min(1).max(64) });

const identityProviderResponse = z.object({
  jwksUrl: z.string(),
  issuer: z.string(),
  audiences: z.array(z.string()),
  algorithms: z.array(z.enum(AGENT_JWT_ALGORITHMS)),
  userClaim: z.string(),
});

export const agentResponse = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  endpointUrl: z.string(),
  ingressUrl: z.string().describe("Where clients call the agent: the gateway's /a/<agent id>"),
  systemPrompt: z.string(),
  models: z.array(
    z.object({ role: z.string(), model: z.string(), providerId: z.string().nullable(), temperature: z.number().nullable(), maxTokens: z.int().nullable() }),
  ),
  requiredTools: z.array(z.string()),
  identityProvider: identityProviderResponse.nullable(),
  allowedOrigins: z.array(z.string()),
  runBudget: z.int().nullable(),
  tokensPerMinute: z.int().nullable(),
  endUserTokensPerMinute: z.int().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type AgentDto = z.infer<typeof agentResponse>;
export const agentPage = page(agentResponse);

export const agentTokenResponse = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the value, to recognise it"),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});
export type AgentTokenDto = z.infer<typeof agentTokenResponse>;
export const agentTokenPage = page(agentTokenResponse);

export const createdAgentTokenResponse = agentTokenResponse.extend({
  token: z.string().describe("The value (`ar_agt_…`): shown this once, stored only as its SHA-256"),
});
export type CreatedAgentTokenDto = z.infer<typeof createdAgentTokenResponse>;

export const createdAgentResponse = z.object({ agent: agentResponse, token: createdAgentTokenResponse });
export type CreatedAgentDto = z.infer<typeof createdAgentResponse>;

export const issueAgentTokenBody = z.strictObject({
  name: z.string().trim().min(1, "Required").max(100),
  expiresInSeconds: z
    .int()
    .min(60)
    .max(MAX_AGENT_TOKEN_SECONDS)
    .optional()
    .describe("Lifetime; default and maximum 30 days"),
});
export type IssueAgentTokenBody = z.infer<typeof issueAgentTokenBody>;

export const agentRuntimeResponse = z.object({
  agent: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  env: z
    .record(z.string(), z.string())
    .describe(
      "AGENTRUNTIME_AGENT_ID, AGENTRUNTIME_INGRESS_URL, SYSTEM_PROMPT, LLM_GATEWAY_URL, LLM_MODEL_<ROLE> and LLM_PROVIDER_<ROLE> (plus LLM_TEMPERATURE_<ROLE> and LLM_MAX_TOKENS_<ROLE> when set) per role, TOOL_<NAME>_URL per required tool. Never a credential: the agent token travels separately",
    ),
});
export type AgentRuntimeDto = z.infer<typeof agentRuntimeResponse>;

export const TRY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, "A header name");
const headerValue = z.string().max(8192).regex(/^[\t\x20-\x7e\x80-\xff]*$/, "A header value: printable characters on one line");
/** Dot segments would let the path climb out of /a/<agent id> on the gateway. */
const tryPath = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^\/[\x21\x22\x24-\x7e]*$/, "A path starting with /: printable ASCII (percent-encode the rest), without spaces or #")
  .refine((p) => !p.split("?")[0].split("/").some((seg) => /^(\.|%2e){1,2}$/i.test(seg)), "No . or .. segments");

export const tryAgentBody = z.strictObject({
  jwt: z
    .string()
    .trim()
    .min(1)
    .max(16_384)
    .regex(/^[\x21-\x7e]+$/, "A JWT: printable ASCII without spaces")
    .optional()
    .describe("An end-user JWT, sent as Authorization: Bearer"),
  method: z.enum(TRY_METHODS).default("POST"),
  path: tryPath.default("/").describe("Appended to the agent's ingress URL"),
  headers: z.record(headerName, headerValue).refine((h) => Object.keys(h).length <= 50, "At most 50 headers").default({}),
  body: z
    .string()
    .max(TRY_BODY_LIMIT)
    .refine((s) => utf8Bytes(s) <= TRY_BODY_LIMIT, "At most 64 KiB")
    .optional(),
});
export type TryAgentBody = z.infer<typeof tryAgentBody>;

export const tryAgentResponse = z.object({
  status: z.int().describe("The gateway's answer (ingress refusals included: 401, 403…)"),
  headers: z.object({
    "content-type": z.string().optional(),
    "x-request-id": z.string().optional(),
    "x-agentruntime-run-id": z.string().optional().describe("The run this request opened (kind agent)"),
  }),
  body: z.object({ text: z.string(), truncated: z.boolean().describe("The answer was longer than 64 KiB") }),
  latencyMs: z.int(),
});
export type TryAgentDto = z.infer<typeof tryAgentResponse>;
