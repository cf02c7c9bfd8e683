// A fresh two-tenant world per fuzzed operation (so one operation's side effects, such as an
// ownership transfer or a deleted project, never starve the next one), plus the pools of
// real ids the generators draw path parameters and body fields from.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { hashPassword } from "@/lib/auth/password-hash";
import { issueEmailToken } from "@/lib/auth/email-tokens";
import { createWorld } from "@/test/security/world";
import { createTestToken } from "@/test/factories/tokens";
import { createTestPlatformToken } from "@/test/factories/platform";
import { createTestDomain } from "@/test/factories/tenancy";
import { createTestAgent } from "@/test/factories/agents";
import type { Hints } from "./arbitraries";

const OWNER_PASSWORD = "Fuzz-owner-Pa55phrase-lantern";

async function invitation(workspaceId: string, invitedById: string) {
  return db.invitation.create({
    data: {
      id: newId("invitation"),
      workspaceId,
      email: `invitee-${randomBytes(4).toString("hex")}@example.test`,
      role: "member",
      tokenHash: randomBytes(32).toString("hex"),
      invitedById,
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
    },
  });
}

/**
 * A tool with one allow binding, written directly. Its base URL is FUZZ_TOOL_BASE_URL when a
 * suite runs a stand-in upstream (the test call reaches it), else a closed local port.
 */
async function fuzzTool(workspaceId: string, projectId: string, agentId: string) {
  const tool = await db.tool.create({
    data: { id: newId("tool"), workspaceId, projectId, name: `tool-${randomBytes(4).toString("hex")}`, baseUrl: process.env.FUZZ_TOOL_BASE_URL ?? "http://127.0.0.1:9" },
  });
  const policy = await db.toolPolicy.create({ data: { id: newId("toolPolicy"), workspaceId, projectId, toolId: tool.id, agentId, effect: "allow" } });
  return { tool, policy };
}

// One argon2 hash per test file, not per world: hashing is deliberately slow.
let ownerHash: Promise<string> | undefined;

export async function createFuzzWorld() {
  const w = await createWorld();
  const owner = w.a.users.owner;
  await db.user.update({ where: { id: owner.id }, data: { passwordHash: await (ownerHash ??= hashPassword(OWNER_PASSWORD)) } });
  const tokenA = await createTestToken({ userId: owner.id, workspaceId: w.a.workspace.id, name: "fuzz a" });
  const tokenB = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id, name: "fuzz b" });
  const suffix = randomBytes(4).toString("hex");
  const domainA = await createTestDomain({ workspaceId: w.a.workspace.id, domain: `a-${suffix}.example.test` });
  const domainB = await createTestDomain({ workspaceId: w.b.workspace.id, domain: `b-${suffix}.example.test` });
  const invA = await invitation(w.a.workspace.id, owner.id);
  const invB = await invitation(w.b.workspace.id, w.b.owner.id);
  const agentA = await createTestAgent({ workspaceId: w.a.workspace.id, projectId: w.a.own.id });
  const agentB = await createTestAgent({ workspaceId: w.b.workspace.id, projectId: w.b.project.id });
  const toolA = await fuzzTool(w.a.workspace.id, w.a.own.id, agentA.agent.id);
  const toolB = await fuzzTool(w.b.workspace.id, w.b.project.id, agentB.agent.id);
  // The operator API's caller: a platform token sent from its allowlist (cases.ts).
  const platformToken = (await createTestPlatformToken({ name: "fuzz operator" })).token;
  const usersA = Object.values(w.a.users);
  // Live e-mail tokens, so verify-email and reset-password sometimes reach their success path.
  const unverified = await db.user.update({ where: { id: w.a.users.member_none.id }, data: { emailVerified: null } });
  const emailTokens = [await issueEmailToken(unverified.id, "verify_email"), await issueEmailToken(w.a.users.member_none.id, "reset_password")];

  /** Real ids of tenant A (valid path params) and of tenant B (must look missing: 404). */
  const pools: Record<string, { own: string[]; foreign: string[] }> = {
    projects: { own: [w.a.own.id, w.a.own.slug, w.a.other.id, w.a.other.slug], foreign: [w.b.project.id, w.b.project.slug] },
    userId: { own: usersA.map((u) => u.id), foreign: [w.b.owner.id] },
    invitations: { own: [invA.id], foreign: [invB.id] },
    domains: { own: [domainA.id], foreign: [domainB.id] },
    tokens: { own: [tokenA.row.id], foreign: [tokenB.row.id] },
    agents: { own: [agentA.agent.id, agentA.agent.slug], foreign: [agentB.agent.id, agentB.agent.slug] },
    tokenId: { own: [agentA.tokenId], foreign: [agentB.tokenId] },
    tools: { own: [toolA.tool.id, toolA.tool.name], foreign: [toolB.tool.id, toolB.tool.name] },
    policyId: { own: [toolA.policy.id], foreign: [toolB.policy.id] },
    // /v1/platform/users/{id} and /v1/platform/workspaces/{id}: the platform sees every tenant.
    users: { own: usersA.map((u) => u.id), foreign: [] },
    workspaces: { own: [w.a.workspace.id, w.b.workspace.id], foreign: [] },
    nextauth: { own: ["signin/google", "callback/google", "session", "csrf", "providers", "signout", "error"], foreign: [] },
  };

  /** Body fields the document types loosely but whose valid values are specific. */
  const hints: Hints = {
    email: fc.oneof(
      fc.emailAddress().filter((e) => e.length <= 254),
      fc.constantFrom(...usersA.map((u) => u.email), w.b.owner.email),
    ),
    password: fc.oneof(fc.constant(OWNER_PASSWORD), fc.string({ minLength: 12, maxLength: 64 })),
    newPassword: fc.string({ minLength: 12, maxLength: 64 }),
    currentPassword: fc.oneof(fc.constant(OWNER_PASSWORD), fc.string({ minLength: 1, maxLength: 64 })),
    userId: fc.constantFrom(...usersA.map((u) => u.id)),
    projectId: fc.constantFrom(...pools.projects.own),
    domain: fc.domain().filter((d) => d.length <= 253),
    token: fc.oneof(fc.constantFrom(...emailTokens), fc.base64String({ minLength: 16, maxLength: 64 })),
    // Public address literals: they pass the egress policy without a DNS lookup.
    endpointUrl: fc.constantFrom("https://93.184.215.14/agent", "http://1.1.1.1:8080/"),
    jwksUrl: fc.constant("https://93.184.215.14/.well-known/jwks.json"),
    baseUrl: fc.constantFrom("https://93.184.215.14/api", "http://1.1.1.1:8080/"),
    agentId: fc.constantFrom(agentA.agent.id, agentA.agent.slug),
  };

  return {
    world: w,
    tenant: w.a.workspace.slug,
    project: w.a.own.slug,
    cookie: owner.cookie,
    foreignCookie: w.b.owner.cookie,
    ownerToken: tokenA.token,
    platformToken,
    foreignTenant: w.b.workspace.slug,
    foreignProject: w.b.project.slug,
    pools,
    hints,
  };
}
export type FuzzWorld = Awaited<ReturnType<typeof createFuzzWorld>>;

/** The pool a path parameter draws from: by name, else by the collection segment before it. */
export function poolFor(fw: FuzzWorld, path: string, param: string): { own: string[]; foreign: string[] } | undefined {
  if (fw.pools[param]) return fw.pools[param];
  const before = path.split("/{" + param + "}")[0].split("/").pop() ?? "";
  return fw.pools[before];
}
