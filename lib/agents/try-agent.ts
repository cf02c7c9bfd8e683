import { Agent, type Dispatcher } from "undici";
import type { TenantRef } from "@/lib/core/scope";
import { ApiError } from "@/lib/core/errors";
import { TRY_BODY_LIMIT, type TryAgentBody, type TryAgentDto } from "@/lib/schemas/agents";
import { readTextPrefix } from "@/lib/calls/read-limited";
import { getAgentOrThrow } from "./find-agent";
import { gatewayInternalUrl } from "./gateway-url";

// The console's "try it" panel: one request through the gateway's ingress, exactly as a client
// would send it (the JWT as a bearer), so the answer shows what ingress does with it — a 401 for a
// bad JWT as much as the agent's own reply. The gateway is the platform's, at a configured
// address: no egress policy applies to it, and the agent's endpoint is only reached through it.

const TIMEOUT_MS = 15_000;
const KEPT_HEADERS = ["content-type", "x-request-id", "x-agentruntime-run-id"] as const;
// Set by the relay itself, or meaningless to forward.
const DROPPED_HEADERS = new Set(["authorization", "host", "content-length", "connection", "transfer-encoding", "keep-alive", "upgrade", "te", "trailer", "expect"]);

// Its own pool: the relay is rare, and the global dispatcher is not ours to configure.
let relay: Agent | undefined;

const unreachable = (why: string) => new ApiError("gateway_unreachable", `The gateway did not answer (${why}); is it running?`);

export async function tryAgent(scope: TenantRef, idOrSlug: string, input: TryAgentBody): Promise<TryAgentDto> {
  const agent = await getAgentOrThrow(scope, idOrSlug);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  if (input.jwt) headers.authorization = `Bearer ${input.jwt}`;
  const started = performance.now();
  let res: Dispatcher.ResponseData;
  try {
    // `path` is sent as is: no URL parsing folds a segment of it into another gateway route.
    res = await (relay ??= new Agent()).request({
      origin: gatewayInternalUrl(),
      method: input.method,
      path: `/a/${agent.id}${input.path}`,
      headers,
      body: input.body !== undefined && input.method !== "GET" ? input.body : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
  } catch (err) {
    // The schema keeps undici's own argument checks from failing; should one still refuse, it is the request's fault.
    if ((err as { code?: string }).code === "UND_ERR_INVALID_ARG") throw new ApiError("invalid_request", "The request cannot be sent as given");
    throw unreachable(timedOut(err) ? "no answer within 15 s" : "connection failed");
  }
  const body = await readTextPrefix(res.body, TRY_BODY_LIMIT).catch((err) => {
    throw unreachable(timedOut(err) ? "the answer did not finish within 15 s" : "the answer was cut off");
  });
  const kept: TryAgentDto["headers"] = {};
  for (const name of KEPT_HEADERS) {
    const v = res.headers[name];
    if (v !== undefined) kept[name] = Array.isArray(v) ? v.join(", ") : v;
  }
  return { status: res.statusCode, headers: kept, body, latencyMs: Math.round(performance.now() - started) };
}

function timedOut(err: unknown): boolean {
  const name = (err as { name?: string; code?: string })?.name ?? "";
  const code = (err as { code?: string })?.code ?? "";
  return name === "TimeoutError" || name === "AbortError" || code.includes("TIMEOUT");
}
