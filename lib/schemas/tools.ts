import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { page, timestamp } from "./common";
import { agentToolName } from "./agents";

// Tools: upstream APIs agents reach through the gateway's tool proxy, `/t/<name>/…`
// (TOOL_<NAME>_URL in the runtime bundle). The gateway injects the tool's credential at call
// time from a connection of the project; agents never hold it. Policies bind an agent to a tool
// (allow, approval_required, deny), optionally narrowed by method, path pattern and end user:
// the most specific binding that matches a call decides it, and no binding means deny.

export const TOOL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type ToolMethod = (typeof TOOL_METHODS)[number];
export const TOOL_CREDENTIAL_KINDS = ["none", "api_key", "oauth2", "sigv4"] as const;
export const TOOL_CREDENTIAL_PLACEMENTS = ["header", "query", "bearer"] as const;
export const TOOL_POLICY_EFFECTS = ["allow", "approval_required", "deny"] as const;
export type ToolPolicyEffect = (typeof TOOL_POLICY_EFFECTS)[number];

/** Request bodies are buffered up to this size (to hash them for approvals and sign them for SigV4). */
export const TOOL_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * A capability's or a policy's path: starts with /, no dot segments, no empty segments, no
 * percent-encoding (patterns match decoded-free pathnames), and parameters as path-to-regexp
 * writes them (`/v1/charges/:id`, `/files/*path`, `{/:optional}`).
 */
export const toolPathPattern = z
  .string()
  .min(1)
  .max(512)
  .regex(/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/{}]*$/, "A path starting with /: letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @ / { }")
  .refine((p) => !p.includes("//"), "No empty segments (//)")
  .refine((p) => !p.split("/").some((s) => s === "." || s === ".."), "No . or .. segments");

export const toolCapability = z.strictObject({
  method: z.enum(TOOL_METHODS),
  path: toolPathPattern.describe("A path-to-regexp pattern, matched case-sensitively and without trailing-slash leniency: `/v1/charges/:id`"),
});
export type ToolCapability = z.infer<typeof toolCapability>;

const httpsUrl = z
  .url({ protocol: /^https?$/, error: "An http(s) URL" })
  .max(2048)
  .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), "Credentials do not belong in the URL")
  .refine((u) => !URL.canParse(u) || (!new URL(u).search && !new URL(u).hash), "No query or fragment: the base is a scheme, host and optional path prefix");

const headerOrParamName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, "A header or query parameter name");

export const toolCredential = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none") }),
    z.strictObject({
      kind: z.literal("api_key"),
      connectionId: z.string().min(1).max(64).describe("An api_key connection of the project: its secret is the key"),
      placement: z.enum(TOOL_CREDENTIAL_PLACEMENTS).default("bearer").describe("bearer: Authorization: Bearer <key>; header: <name>: <key>; query: ?<name>=<key>"),
      name: headerOrParamName.optional().describe("The header or query parameter name (header and query placements)"),
    }),
    z.strictObject({
      kind: z.literal("oauth2"),
      connectionId: z.string().min(1).max(64).describe("An oauth2 connection of the project: its access token is sent as a bearer, refreshed when it expires"),
    }),
    z.strictObject({
      kind: z.literal("sigv4"),
      connectionId: z.string().min(1).max(64).describe('An api_key connection whose secret is the AWS key pair as JSON: {"accessKeyId","secretAccessKey","sessionToken"?}'),
      service: z.string().regex(/^[a-z0-9-]{1,64}$/, "An AWS service name (s3, execute-api, …)"),
      region: z.string().regex(/^[a-z0-9-]{1,32}$/, "An AWS region (us-east-1, …)"),
    }),
  ])
  .superRefine((c, ctx) => {
    if (c.kind === "api_key" && c.placement !== "bearer" && !c.name) ctx.addIssue({ code: "custom", path: ["name"], message: "Required for header and query placements" });
  });
export type ToolCredentialInput = z.infer<typeof toolCredential>;

const capabilities = z
  .array(toolCapability)
  .max(200)
  .refine((c) => new Set(c.map((x) => `${x.method} ${x.path}`)).size === c.length, "Each capability only once")
  .describe("Method + path pairs the tool may be called with; empty: any (passthrough)");

const settings = {
  description: z.string().trim().max(500).nullable(),
  baseUrl: httpsUrl.describe("Where calls go: /t/<name>/<path> → <baseUrl>/<path>. The egress policy applies: private and loopback addresses are refused unless the server allows them"),
  capabilities,
  credential: toolCredential,
  callsPerMinute: z.int().min(1).max(1_000_000).nullable().describe("Calls per minute to this tool from all agents; null: the gateway's default"),
  recordBodies: z.boolean().describe("Record request and response bodies (redacted, at most 4 KiB each) in the call's step"),
};

export const createToolBody = z.strictObject({
  name: agentToolName.describe("Unique in the project: the agent calls TOOL_<NAME>_URL = <gateway>/t/<name>"),
  description: settings.description.optional(),
  baseUrl: settings.baseUrl,
  capabilities: settings.capabilities.default([]),
  credential: settings.credential.default({ kind: "none" }),
  callsPerMinute: settings.callsPerMinute.default(null),
  recordBodies: settings.recordBodies.default(false),
});
export type CreateToolBody = z.infer<typeof createToolBody>;

export const updateToolBody = z
  .strictObject({
    name: createToolBody.shape.name.optional(),
    description: settings.description.optional(),
    baseUrl: settings.baseUrl.optional(),
    capabilities: settings.capabilities.optional(),
    credential: settings.credential.optional(),
    callsPerMinute: settings.callsPerMinute.optional(),
    recordBodies: settings.recordBodies.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to change");
export type UpdateToolBody = z.infer<typeof updateToolBody>;

export const listToolsQuery = pageQuery;

/** `{id}`: the tool's id (`tool_…`) or its name. */
export const toolParams = z.object({ id: z.string().min(1).max(64).describe("The tool's id or name") });
export const toolPolicyParams = toolParams.extend({ policyId: z.string().min(1).max(64) });

const credentialResponse = z.object({
  kind: z.enum(TOOL_CREDENTIAL_KINDS),
  connectionId: z.string().nullable(),
  placement: z.enum(TOOL_CREDENTIAL_PLACEMENTS).nullable(),
  name: z.string().nullable(),
  service: z.string().nullable(),
  region: z.string().nullable(),
});

export const toolResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  baseUrl: z.string(),
  url: z.string().describe("Where agents call the tool: the gateway's /t/<name> (TOOL_<NAME>_URL)"),
  capabilities: z.array(toolCapability),
  credential: credentialResponse.describe("Which connection supplies the credential and how it is placed; never the secret"),
  callsPerMinute: z.int().nullable(),
  recordBodies: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ToolDto = z.infer<typeof toolResponse>;
export const toolPage = page(toolResponse);

const policySettings = {
  agentId: z.string().min(1).max(64).describe("The agent (id or slug) this binding is for"),
  effect: z.enum(TOOL_POLICY_EFFECTS),
  method: z.enum(TOOL_METHODS).nullable().describe("Only calls with this method; null: any"),
  pathPattern: toolPathPattern.nullable().describe("Only calls whose path matches this path-to-regexp pattern; null: any"),
  endUserId: z.string().trim().min(1).max(512).nullable().describe("Only calls made for this end user (X-End-User-ID from the verified chain); null: any"),
  callsPerMinute: z.int().min(1).max(1_000_000).nullable().describe("Calls per minute under this binding; null: no limit of its own"),
  endUserCallsPerMinute: z.int().min(1).max(1_000_000).nullable().describe("Calls per minute per end user under this binding; null: no limit of its own"),
  description: z.string().trim().max(500).nullable(),
};

export const createToolPolicyBody = z.strictObject({
  agentId: policySettings.agentId,
  effect: policySettings.effect,
  method: policySettings.method.default(null),
  pathPattern: policySettings.pathPattern.default(null),
  endUserId: policySettings.endUserId.default(null),
  callsPerMinute: policySettings.callsPerMinute.default(null),
  endUserCallsPerMinute: policySettings.endUserCallsPerMinute.default(null),
  description: policySettings.description.default(null),
});
export type CreateToolPolicyBody = z.infer<typeof createToolPolicyBody>;

export const updateToolPolicyBody = z
  .strictObject({
    effect: policySettings.effect.optional(),
    method: policySettings.method.optional(),
    pathPattern: policySettings.pathPattern.optional(),
    endUserId: policySettings.endUserId.optional(),
    callsPerMinute: policySettings.callsPerMinute.optional(),
    endUserCallsPerMinute: policySettings.endUserCallsPerMinute.optional(),
    description: policySettings.description.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to change");
export type UpdateToolPolicyBody = z.infer<typeof updateToolPolicyBody>;

export const toolPolicyResponse = z.object({
  id: z.string(),
  toolId: z.string(),
  agent: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  effect: z.enum(TOOL_POLICY_EFFECTS),
  method: z.enum(TOOL_METHODS).nullable(),
  pathPattern: z.string().nullable(),
  endUserId: z.string().nullable(),
  callsPerMinute: z.int().nullable(),
  endUserCallsPerMinute: z.int().nullable(),
  description: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ToolPolicyDto = z.infer<typeof toolPolicyResponse>;
export const toolPolicyList = z.object({ data: z.array(toolPolicyResponse) });

/** The test call's request and answer bodies are cut at this size. */
export const TOOL_TEST_BODY_LIMIT = 64 * 1024;
const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const testHeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, "A header name");
const testHeaderValue = z.string().max(8192).regex(/^[\t\x20-\x7e\x80-\xff]*$/, "A header value: printable characters on one line");

export const testToolBody = z.strictObject({
  method: z.enum(TOOL_METHODS).default("GET"),
  path: z
    .string()
    .min(1)
    .max(2048)
    .regex(/^\/[\x21-\x7e]*$/, "A path starting with /, printable ASCII (percent-encode the rest), optionally with a query")
    .describe("Below the tool's base URL, as an agent would call /t/<name><path>; it must match a capability when the tool declares any"),
  headers: z.record(testHeaderName, testHeaderValue).refine((h) => Object.keys(h).length <= 50, "At most 50 headers").default({}),
  body: z
    .string()
    .max(TOOL_TEST_BODY_LIMIT)
    .refine((s) => utf8Bytes(s) <= TOOL_TEST_BODY_LIMIT, "At most 64 KiB")
    .optional(),
});
export type TestToolBody = z.infer<typeof testToolBody>;

export const testToolResponse = z.object({
  status: z.int().describe("The upstream's status"),
  headers: z.record(z.string(), z.string()).describe("The upstream's headers, without those that carry credentials or sessions"),
  body: z.object({ text: z.string(), truncated: z.boolean().describe("The answer was longer than 64 KiB") }).describe("With every secret of the credential cut out"),
  latencyMs: z.int(),
});
export type TestToolDto = z.infer<typeof testToolResponse>;
