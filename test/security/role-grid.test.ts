// The role × action grid, written out by hand from PRODUCT.md §1 (not derived from
// lib/authz/permissions.ts): every subject × every action × {own project, other project in
// the same workspace, other tenant}, plus anonymous and tokens with each single scope.
// Then, for one real route per action level, the HTTP status each subject gets.
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_ACTIONS, decide, SCOPES, type Action, type Grant } from "@/lib/authz/permissions";
import { type ProjectRole, type WorkspaceRole } from "@/lib/core/scope";
import { GET as auditRoute } from "@/app/v1/audit/route";
import { GET as tokensRoute } from "@/app/v1/tokens/route";
import { GET as getProjectRoute, PATCH as patchProjectRoute } from "@/app/v1/projects/[id]/route";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, SUBJECTS, type Subject, type World } from "@/test/security/world";

type Target = "own" | "other" | "foreign";
const TARGETS: Target[] = ["own", "other", "foreign"];

// Who may do what. "all" = every workspace member; project-level lists name who may act on
// the project where they hold their project role ("own"); on "other" (a project of the same
// workspace where members hold no role) only owner and tenant_admin (implicit project_admin);
// on "foreign" (another tenant) nobody.
const ALL: Subject[] = SUBJECTS;
const ADMINS: Subject[] = ["owner", "tenant_admin"];
const OWNER: Subject[] = ["owner"];
const P_ADMIN: Subject[] = ["owner", "tenant_admin", "member_project_admin"];
const P_CONTRIB: Subject[] = [...P_ADMIN, "member_project_contributor"];
const P_VIEWER: Subject[] = [...P_CONTRIB, "member_project_viewer"];

const EXPECTED: Record<Action, { level: "workspace" | "project"; allowed: Subject[]; scope: string | null }> = {
  "workspace.read": { level: "workspace", allowed: ALL, scope: "workspace:read" },
  "workspace.update": { level: "workspace", allowed: ADMINS, scope: "workspace:admin" },
  "workspace.delete": { level: "workspace", allowed: OWNER, scope: "workspace:admin" },
  "workspace.transfer": { level: "workspace", allowed: OWNER, scope: "workspace:admin" },
  "workspace.export": { level: "workspace", allowed: ADMINS, scope: "workspace:admin" },
  "billing.read": { level: "workspace", allowed: ADMINS, scope: "workspace:read" },
  "billing.manage": { level: "workspace", allowed: OWNER, scope: "workspace:admin" },
  "member.read": { level: "workspace", allowed: ALL, scope: "workspace:read" },
  "member.invite": { level: "workspace", allowed: ADMINS, scope: "workspace:admin" },
  "member.update": { level: "workspace", allowed: ADMINS, scope: "workspace:admin" },
  "member.remove": { level: "workspace", allowed: ADMINS, scope: "workspace:admin" },
  "domain.read": { level: "workspace", allowed: ALL, scope: "workspace:read" },
  "domain.manage": { level: "workspace", allowed: ADMINS, scope: "workspace:admin" },
  "project.create": { level: "workspace", allowed: ADMINS, scope: "projects:admin" },
  "audit.read": { level: "workspace", allowed: ADMINS, scope: "audit:read" },
  "token.manage": { level: "workspace", allowed: ALL, scope: "tokens:write" },
  "provider.read": { level: "workspace", allowed: ALL, scope: "workspace:read" },
  "provider.manage": { level: "workspace", allowed: ADMINS, scope: "workspace:admin" },
  "project.read": { level: "project", allowed: P_VIEWER, scope: null },
  "project.update": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "project.delete": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "project_member.manage": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "workflow.read": { level: "project", allowed: P_VIEWER, scope: "workflow:read" },
  "workflow.write": { level: "project", allowed: P_CONTRIB, scope: "workflow:write" },
  "workflow.publish": { level: "project", allowed: P_ADMIN, scope: "workflow:write" },
  "run.read": { level: "project", allowed: P_VIEWER, scope: "workflow:read" },
  "run.start": { level: "project", allowed: P_CONTRIB, scope: "workflow:run" },
  "approval.decide": { level: "project", allowed: P_CONTRIB, scope: "workflow:run" },
  "connection.read": { level: "project", allowed: P_VIEWER, scope: "workflow:read" },
  "connection.manage": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "model_settings.manage": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "mcp.execute": { level: "project", allowed: P_CONTRIB, scope: "mcp:execute" },
  "mcp_instance.read": { level: "project", allowed: P_VIEWER, scope: "workflow:read" },
  "mcp_instance.manage": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "mcp_tool.call": { level: "project", allowed: P_ADMIN, scope: "mcp:execute" },
  "agent.read": { level: "project", allowed: P_VIEWER, scope: "workflow:read" },
  "agent.manage": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "agent.try": { level: "project", allowed: P_CONTRIB, scope: "workflow:run" },
  "tool.read": { level: "project", allowed: P_VIEWER, scope: "workflow:read" },
  "tool.manage": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "tool.test": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
  "webhook.manage": { level: "project", allowed: P_ADMIN, scope: "projects:admin" },
};

// The grant each subject holds towards each target, from the product rules (owner and
// tenant_admin are implicit project_admin everywhere in their workspace). null: not a
// member of the target's workspace, so there is no grant to decide on — the API answers 404
// before any decision, and the grid counts that as a denial.
const ROLE: Record<Subject, WorkspaceRole> = {
  owner: "owner",
  tenant_admin: "tenant_admin",
  member_project_admin: "member",
  member_project_contributor: "member",
  member_project_viewer: "member",
  member_none: "member",
};
const OWN_PROJECT_ROLE: Record<Subject, ProjectRole | null> = {
  owner: "project_admin",
  tenant_admin: "project_admin",
  member_project_admin: "project_admin",
  member_project_contributor: "project_contributor",
  member_project_viewer: "project_viewer",
  member_none: null,
};
function grantOf(subject: Subject, target: Target, scopes?: string[]): Grant | null {
  if (target === "foreign") return null;
  const projectRole = target === "own" ? OWN_PROJECT_ROLE[subject] : ADMINS.includes(subject) ? "project_admin" : null;
  return { workspaceRole: ROLE[subject], projectRole, scopes };
}
function expectedAllowed(subject: Subject, action: Action, target: Target, scopes?: string[]): boolean {
  if (target === "foreign") return false;
  const e = EXPECTED[action];
  const roleOk = e.level === "workspace" || target === "own" ? e.allowed.includes(subject) : ADMINS.includes(subject) && e.allowed.includes(subject);
  const scopeOk = !scopes || e.scope === null || scopes.includes(e.scope);
  return roleOk && scopeOk;
}
const allowedBy = (grant: Grant | null, action: Action) => grant !== null && decide(grant, action).allowed;

describe("role grid: decide()", () => {
  it("the table covers exactly the actions of the permission table, and every scope", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ALL_ACTIONS].sort());
    const scopesInTable = new Set(Object.values(EXPECTED).map((e) => e.scope).filter(Boolean));
    expect([...scopesInTable].sort()).toEqual([...SCOPES].sort());
  });

  it("sessions: every subject × action × target matches the table (0 unexpected allows, 0 unexpected denials)", () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const subject of SUBJECTS)
      for (const action of ALL_ACTIONS)
        for (const target of TARGETS) {
          cells++;
          const got = allowedBy(grantOf(subject, target), action);
          const want = expectedAllowed(subject, action, target);
          if (got !== want) mismatches.push(`${subject} ${action} on ${target}: got ${got ? "allow" : "deny"}`);
        }
    expect(cells).toBe(SUBJECTS.length * ALL_ACTIONS.length * 3);
    expect(mismatches).toEqual([]);
  });

  it("tokens with each single scope: scopes ∩ role, for every subject × action × target", () => {
    const mismatches: string[] = [];
    for (const scope of SCOPES)
      for (const subject of SUBJECTS)
        for (const action of ALL_ACTIONS)
          for (const target of TARGETS) {
            const got = allowedBy(grantOf(subject, target, [scope]), action);
            const want = expectedAllowed(subject, action, target, [scope]);
            if (got !== want) mismatches.push(`${scope} token of ${subject} ${action} on ${target}: got ${got ? "allow" : "deny"}`);
          }
    expect(mismatches).toEqual([]);
  });

  it("an owner's single-scope token unlocks exactly these actions", () => {
    const unlocked = (scope: string) => ALL_ACTIONS.filter((a) => allowedBy(grantOf("owner", "own", [scope]), a)).sort();
    const table: Record<string, string[]> = {
      "workflow:read": ["agent.read", "connection.read", "mcp_instance.read", "project.read", "run.read", "tool.read", "workflow.read"],
      "workflow:write": ["project.read", "workflow.publish", "workflow.write"],
      "workflow:run": ["agent.try", "approval.decide", "project.read", "run.start"],
      "mcp:execute": ["mcp.execute", "mcp_tool.call", "project.read"],
      "workspace:read": ["billing.read", "domain.read", "member.read", "project.read", "provider.read", "workspace.read"],
      "workspace:admin": ["billing.manage", "domain.manage", "member.invite", "member.remove", "member.update", "project.read", "provider.manage", "workspace.delete", "workspace.export", "workspace.transfer", "workspace.update"],
      "projects:admin": ["agent.manage", "connection.manage", "mcp_instance.manage", "model_settings.manage", "project.create", "project.delete", "project.read", "project.update", "project_member.manage", "tool.manage", "tool.test", "webhook.manage"],
      "tokens:write": ["project.read", "token.manage"],
      "audit:read": ["audit.read", "project.read"],
    };
    for (const scope of SCOPES) expect([scope, unlocked(scope)]).toEqual([scope, table[scope]]);
    expect(ALL_ACTIONS.filter((a) => allowedBy(grantOf("owner", "own", []), a))).toEqual(["project.read"]);
  });

  it("anything unexpected denies", () => {
    const bad = [
      { workspaceRole: "superuser" as WorkspaceRole, projectRole: "project_admin" as ProjectRole },
      { workspaceRole: undefined as unknown as WorkspaceRole },
      { workspaceRole: "member" as WorkspaceRole, projectRole: "root" as ProjectRole },
      { workspaceRole: "owner" as WorkspaceRole, projectRole: null },
    ];
    expect(bad.map((g) => ALL_ACTIONS.filter((a) => EXPECTED[a].level === "project" && decide(g, a).allowed))).toEqual([[], [], [], []]);
    for (const action of ["no.such.action", "constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(decide({ workspaceRole: "owner", projectRole: "project_admin" }, action as Action).allowed).toBe(false);
    }
    expect(decide({ workspaceRole: "superuser" as WorkspaceRole }, "workspace.read").allowed).toBe(false);
  });
});

describe("role grid: HTTP, one real route per action level", () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });

  const projectOf = (t: Target) => (t === "own" ? w.a.own : t === "other" ? w.a.other : w.b.project);
  // Workspace routes answer 403 to a member the role does not allow; project routes answer
  // 404 to someone with no role in the project (it is invisible to them), 403 to a role
  // that sees the project but may not do this; another tenant is always 404.
  function expectedStatus(subject: Subject, action: Action, target: Target): number {
    if (target === "foreign") return 404;
    if (EXPECTED[action].level === "project" && !expectedAllowed(subject, "project.read", target)) return 404;
    return expectedAllowed(subject, action, target) ? 200 : 403;
  }

  type Probe = { action: Action; run: (headers: Record<string, string>, target: Target) => Promise<Response> };
  const probes: Probe[] = [
    { action: "audit.read", run: async (h) => (await invoke(auditRoute, { path: "/v1/audit", headers: h })).res },
    { action: "token.manage", run: async (h) => (await invoke(tokensRoute, { path: "/v1/tokens", headers: h })).res },
    {
      action: "project.read",
      run: async (h, t) => (await invoke(getProjectRoute, { path: `/v1/projects/${projectOf(t).id}`, headers: h, params: { id: projectOf(t).id } })).res,
    },
    {
      action: "project.update",
      run: async (h, t) =>
        (await invoke(patchProjectRoute, { method: "PATCH", path: `/v1/projects/${projectOf(t).id}`, headers: h, params: { id: projectOf(t).id }, body: { name: projectOf(t).name } })).res,
    },
  ];

  it("sessions: every subject × probe × target gets the expected status", async () => {
    const mismatches: string[] = [];
    for (const probe of probes)
      for (const subject of SUBJECTS)
        for (const target of TARGETS) {
          // Workspace-level probes have no project: "foreign" means naming the other tenant.
          const tenant = target === "foreign" && EXPECTED[probe.action].level === "workspace" ? w.b.workspace.slug : w.a.workspace.slug;
          if (EXPECTED[probe.action].level === "workspace" && target === "other") continue;
          const res = await probe.run(await sessionHeaders(w.a.users[subject].id, tenant), target);
          const want = expectedStatus(subject, probe.action, target);
          if (res.status !== want) mismatches.push(`${subject} ${probe.action} on ${target}: ${res.status}, expected ${want}`);
        }
    expect(mismatches).toEqual([]);
  });

  it("tokens with each single scope (owner's): 200 only where the scope covers the action", async () => {
    const mismatches: string[] = [];
    for (const scope of SCOPES) {
      const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, scopes: [scope] });
      for (const probe of probes) {
        const res = await probe.run(tokenHeaders(token), "own");
        const want = expectedAllowed("owner", probe.action, "own", [scope]) ? 200 : 403;
        if (res.status !== want) mismatches.push(`${scope}: ${probe.action} ${res.status}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("anonymous: 401 on every probe", async () => {
    for (const probe of probes) expect((await probe.run({ "x-tenant-id": w.a.workspace.slug }, "own")).status).toBe(401);
  });
});
