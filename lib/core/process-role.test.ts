import { describe, expect, it } from "vitest";
import { launchedProcesses, processRole, webOnlyRoleProblem } from "./process-role";

const DB = "postgresql://app:secret@db.internal:5432/agentruntime";

describe("process role", () => {
  it("everything by default; web with AGENTRUNTIME_ROLE=web or on Vercel; anything else is refused by name", () => {
    expect(processRole({})).toBe("all");
    expect(processRole({ AGENTRUNTIME_ROLE: "all" })).toBe("all");
    expect(processRole({ AGENTRUNTIME_ROLE: " web " })).toBe("web");
    expect(processRole({ VERCEL: "1" })).toBe("web");
    expect(processRole({ VERCEL: "1", AGENTRUNTIME_ROLE: "all" })).toBe("web");
    expect(() => processRole({ AGENTRUNTIME_ROLE: "worker" })).toThrow('AGENTRUNTIME_ROLE="worker" is not a role');
  });

  it("the web-only role needs DATABASE_URL; the default role does not (embedded PostgreSQL)", () => {
    expect(webOnlyRoleProblem({})).toBeNull();
    expect(webOnlyRoleProblem({ AGENTRUNTIME_ROLE: "web", DATABASE_URL: DB })).toBeNull();
    expect(webOnlyRoleProblem({ AGENTRUNTIME_ROLE: "web" })).toMatch(/^DATABASE_URL is not set: AGENTRUNTIME_ROLE=web runs the web app alone, with no embedded PostgreSQL and no worker/);
    expect(webOnlyRoleProblem({ VERCEL: "1" })).toMatch(/^DATABASE_URL is not set: on Vercel the web app runs alone/);
    expect(webOnlyRoleProblem({ AGENTRUNTIME_ROLE: "gateway" })).toMatch(/is not a role/);
  });

  it("the launcher starts web, worker and gateway by default, the web app alone in the web-only role", () => {
    expect(launchedProcesses("all")).toEqual(["web", "worker", "gateway"]);
    expect(launchedProcesses("web")).toEqual(["web"]);
  });
});
