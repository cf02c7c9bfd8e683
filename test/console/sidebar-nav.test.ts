import { describe, expect, it } from "vitest";
import { isActive } from "@/components/console/sidebar-nav";
import { NAV_ITEMS } from "@/components/console/nav-items";

const base = "/w/acme";
const active = (pathname: string, query = "") => NAV_ITEMS.filter((i) => isActive(i, base, pathname, new URLSearchParams(query))).map((i) => i.label);

describe("sidebar: which entry a page lights", () => {
  it("a project's section pages light the section, not Projects", () => {
    expect(active("/w/acme/projects/default/agents")).toEqual(["Agents"]);
    expect(active("/w/acme/projects/default/agents/agt_1")).toEqual(["Agents"]);
    expect(active("/w/acme/projects/dev/mcp-instances")).toEqual(["MCP instances"]);
    expect(active("/w/acme/projects/dev/mcp-instances/mcp_1")).toEqual(["MCP instances"]);
    expect(active("/w/acme/projects/default/tools/tool_1")).toEqual(["Tools"]);
    expect(active("/w/acme/projects/dev/workflows")).toEqual(["Workflows"]);
    expect(active("/w/acme/projects/dev/workflows/greeter/versions/2")).toEqual(["Workflows"]);
    expect(active("/w/acme/projects/dev/workflows/greeter/inbound")).toEqual(["Workflows"]);
    expect(active("/w/acme/projects/dev/connections")).toEqual(["Connections"]);
    expect(active("/w/acme/projects/dev/webhooks/wh_1")).toEqual(["Webhooks"]);
    expect(active("/w/acme/projects/dev/runs")).toEqual(["Command Center"]);
    expect(active("/w/acme/projects/dev/runs/run_1")).toEqual(["Command Center"]);
  });

  it("a project's approvals light Approvals only; the runs list lights the Command Center only", () => {
    expect(active("/w/acme/projects/dev/approvals")).toEqual(["Approvals"]);
    expect(active("/w/acme/projects/dev/runs", "workflow=wf_1")).toEqual(["Command Center"]);
    expect(active("/w/acme/command-center")).toEqual(["Command Center"]);
    expect(active("/w/acme/command-center", "view=approvals")).toEqual(["Approvals"]);
  });

  it("the projects list and a project's overview light Projects; the rest as before", () => {
    expect(active("/w/acme/projects")).toEqual(["Projects"]);
    expect(active("/w/acme/projects/dev")).toEqual(["Projects"]);
    expect(active("/w/acme")).toEqual(["Overview"]);
    expect(active("/w/acme/settings", "tab=tokens")).toEqual(["Tokens"]);
    expect(active("/w/acme/settings")).toEqual(["Settings"]);
    expect(active("/w/acme/settings", "tab=general")).toEqual(["Settings"]);
    expect(active("/w/acme/billing/success")).toEqual(["Billing"]);
  });

  it("every project-scoped entry says so", () => {
    expect(NAV_ITEMS.filter((i) => i.project).map((i) => i.label)).toEqual(["Workflows", "Connections", "MCP instances", "Agents", "Tools", "Webhooks", "Command Center", "Approvals"]);
  });
});
