import { verifyContextToken, type VerifiedContext } from "@/lib/agents/context-token";

// An agent sends the same context token on every call of one end-user request: its signature is
// checked once, and the verified context kept until the token expires (a token is immutable, so
// a cached verdict stays true; the agent it was issued to is part of the key).
const verified = new Map<string, { context: VerifiedContext; expiresAt: number }>();
const MAX_VERIFIED = 20_000;

/** The context token's verified claims for this agent, or null (invalid, expired, another agent's). */
export async function verifiedContext(token: string, agentId: string): Promise<VerifiedContext | null> {
  const key = `${agentId} ${token}`;
  const hit = verified.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.context;
  const context = await verifyContextToken(token, agentId);
  if (context) {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
    verified.set(key, { context, expiresAt: context.expiresAt });
  }
  return context;
}
