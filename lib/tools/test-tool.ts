import type { Dispatcher } from "undici";
import type { ActingScope } from "@/lib/core/scope";
import { ApiError } from "@/lib/core/errors";
import { recordScopedAudit } from "@/lib/audit/record";
import { readTextPrefix } from "@/lib/calls/read-limited";
import { isSensitiveHeader, redact } from "@/lib/calls/redact";
import { pinnedAgent } from "@/lib/net/egress/pinned-fetch";
import { EgressDenied, resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import { TOOL_TEST_BODY_LIMIT, type TestToolBody, type TestToolDto } from "@/lib/schemas/tools";
import { applyToolCredential, forgetToolCredentials } from "./credential";
import { isWithheldHeader } from "./withheld-headers";
import { getToolOrThrow } from "./find-tool";
import { capabilityAllows, compileCapabilities, normalizeToolPath } from "./match";
import { storedCapabilities } from "./present";

// A project admin's test call: the tool's upstream, reached from the web process with the
// tool's credential injected, as the gateway would send it but without policies, approvals or
// a run. The same gates on the path (normalizeToolPath, capabilities) apply, the egress policy
// holds (the checked address is pinned), redirects are not followed, and every secret the
// credential used is cut out of what is answered and audited.

const TIMEOUT_MS = 15_000;
// Set by the call itself or meaningless to forward; credential-like headers come only from the tool.
const DROPPED = new Set(["host", "content-length", "connection", "transfer-encoding", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-connection"]);

export async function testTool(scope: ActingScope, idOrName: string, input: TestToolBody): Promise<TestToolDto> {
  const tool = await getToolOrThrow(scope, idOrName);
  const verdict = normalizeToolPath(input.path);
  if (!verdict.ok) throw new ApiError("tool_path_refused", `The path is refused: ${verdict.reason}`);
  if (!capabilityAllows(compileCapabilities(storedCapabilities(tool.capabilities)), input.method, verdict.path)) {
    throw new ApiError("capability_not_declared", `No capability of the tool declares ${input.method} ${verdict.path}`);
  }

  const url = new URL(tool.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, "");
  url.pathname = basePath + (verdict.path === "/" && basePath ? "" : verdict.path) || "/";
  url.search = verdict.search;
  const body = Buffer.from(input.body !== undefined && input.method !== "GET" && input.method !== "HEAD" ? input.body : "", "utf8");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) {
    const key = name.toLowerCase();
    if (!DROPPED.has(key) && !isWithheldHeader(key, tool.credentialName)) headers[key] = value;
  }
  headers.host = url.host;
  if (body.length > 0) headers["content-length"] = String(body.length);

  // The web process hears no gateway notifications: a test call reads the connection afresh
  // rather than a secret cached before a rotation.
  forgetToolCredentials(tool.projectId);
  const credential = await applyToolCredential(
    {
      workspaceId: tool.workspaceId,
      projectId: tool.projectId,
      credentialKind: tool.credentialKind,
      connectionId: tool.connectionId,
      credentialPlacement: tool.credentialPlacement,
      credentialName: tool.credentialName,
      sigv4Service: tool.sigv4Service,
      sigv4Region: tool.sigv4Region,
    },
    { method: input.method, url, headers, body },
  );
  if (!credential.ok) throw new ApiError(credential.status === 424 ? "credential_unavailable" : "upstream_unreachable", credential.message);
  const { request, secrets } = credential;

  const started = performance.now();
  const answer = await send(request).catch(async (err: ApiError) => {
    await audit(scope, tool.id, input, secrets, { error: err.message });
    throw err;
  });
  const latencyMs = Math.round(performance.now() - started);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined || isSensitiveHeader(name) || DROPPED.has(name)) continue;
    kept[name] = redact(Array.isArray(value) ? value.join(", ") : value, secrets);
  }
  const result = { status: answer.statusCode, headers: kept, body: { text: redact(answer.text, secrets), truncated: answer.truncated }, latencyMs };
  await audit(scope, tool.id, input, secrets, { status: result.status, latencyMs });
  return result;
}

async function send(request: { method: string; url: URL; headers: Record<string, string>; body: Buffer }) {
  let res: Dispatcher.ResponseData;
  try {
    const { address, family } = await resolveAllowedHost(request.url.hostname);
    // A dispatcher request follows no redirect: a 3xx is an answer like any other.
    res = await pinnedAgent(address, family).request({
      origin: request.url.origin,
      path: request.url.pathname + request.url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body.length > 0 ? request.body : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof EgressDenied) throw new ApiError("upstream_unreachable", `The tool's host is refused by the egress policy: ${err.message}`);
    throw new ApiError("upstream_unreachable", timedOut(err) ? "The tool did not answer within 15 s" : "The tool could not be reached (connection failed or was refused)");
  }
  const { text, truncated } = await readTextPrefix(res.body, TOOL_TEST_BODY_LIMIT).catch(() => {
    throw new ApiError("upstream_unreachable", "The tool's answer was cut off");
  });
  return { statusCode: res.statusCode, headers: res.headers, text, truncated };
}

/** The call, as the audit log keeps it: what was asked (secrets cut out) and how it ended; never a body. */
function audit(scope: ActingScope, toolId: string, input: TestToolBody, secrets: string[], outcome: Record<string, unknown>): Promise<void> {
  return recordScopedAudit(scope, { action: "tool.test", target: { type: "tool", id: toolId }, metadata: { method: input.method, path: redact(input.path, secrets), ...outcome } });
}

function timedOut(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? "";
  const code = (err as { code?: string })?.code ?? "";
  return name === "TimeoutError" || name === "AbortError" || code.includes("TIMEOUT");
}

/** At most 64 KiB of the answer as text; the rest is not read (the connection is dropped). */
