import { hkdfSync } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

// The context token ingress sends to the agent with every forwarded request (header
// X-Agentruntime-Context). The agent hands it back on its LLM and tool calls, so the end user
// named downstream is the one the gateway verified, and the calls land in the run that request
// opened. HS256 under a key derived from AUTH_SECRET: only gateways sign and verify it, and
// an agent holds it without being able to change a claim.

export const CONTEXT_HEADER = "x-agentruntime-context";
const ISSUER = "agentruntime";
/** Upper bound of a context token's life (seconds): long enough for a slow agent, short enough to be useless when leaked. */
export const MAX_CONTEXT_TTL_SECONDS = 600;

export type AgentContext = { agentId: string; runId: string; workspaceId: string; projectId: string; endUserId: string | null };
/** A verified context and when its token expires (epoch ms). */
export type VerifiedContext = AgentContext & { expiresAt: number };

let cachedKey: { secret: string; key: Uint8Array } | undefined;

function signingKey(): Uint8Array {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: new Uint8Array(hkdfSync("sha256", secret, "", "agentruntime context token v1", 32)) };
  }
  return cachedKey.key;
}

export async function signContextToken(ctx: AgentContext, ttlSeconds = 300): Promise<string> {
  const ttl = Math.min(Math.max(1, Math.floor(ttlSeconds)), MAX_CONTEXT_TTL_SECONDS);
  return new SignJWT({ run: ctx.runId, ws: ctx.workspaceId, prj: ctx.projectId, ...(ctx.endUserId !== null ? { eu: ctx.endUserId } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "ar-ctx+jwt" })
    .setIssuer(ISSUER)
    .setAudience(ctx.agentId)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(signingKey());
}

/** The context, when the token is ours, unexpired and issued for `agentId`; otherwise null. */
export async function verifyContextToken(token: string, agentId: string): Promise<VerifiedContext | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), { algorithms: ["HS256"], issuer: ISSUER, audience: agentId, typ: "ar-ctx+jwt", requiredClaims: ["exp", "iat"], maxTokenAge: MAX_CONTEXT_TTL_SECONDS });
    const { run, ws, prj, eu } = payload as Record<string, unknown>;
    if (typeof run !== "string" || typeof ws !== "string" || typeof prj !== "string" || typeof payload.exp !== "number") return null;
    return { agentId, runId: run, workspaceId: ws, projectId: prj, endUserId: typeof eu === "string" ? eu : null, expiresAt: payload.exp * 1000 };
  } catch {
    return null;
  }
}
