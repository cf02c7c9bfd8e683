import { describe, expect, it } from "vitest";
import { isActive } from "@/components/console/sidebar-nav";
import { NAV_ITEMS } from "@/components/console/nav-items";

const base = "/w/acme";
const active = (pathname: string, tab: string | null = null) => NAV_ITEMS.filter((i) => isActive(i, base, pathname, tab)).map((i) => i.label);

describe("sidebar: which entry a page lights", () => {
  it("a project's section pages light the section, not Projects", () => {
    expect(active("/w/acme/projects/default/agents")).toEqual(["Agents"]);
    expect(active("/w/acme/projects/default/agents/agt_1")).toEqual(["Agents"]);
    expect(active("/w/acme/projects/dev/mcp-instances")).toEqual(["MCP instances"]);
    expect(active("/w/acme/projects/default/tools/tool_1")).toEqual(["Tools"]);
    expect(active("/w/acme/projects/dev/workflows/wf_1/edit")).toEqual(["Workflows"]);
    expect(active("/w/acme/projects/dev/runs/run_1")).toEqual(["Command Center"]);
  });

  it("the projects list and a project's overview light Projects; the rest as before", () => {
    expect(active("/w/acme/projects")).toEqual(["Projects"]);
    expect(active("/w/acme/projects/dev")).toEqual(["Projects"]);
    expect(active("/w/acme")).toEqual(["Overview"]);
    expect(active("/w/acme/settings", "tokens")).toEqual(["Tokens"]);
    expect(active("/w/acme/settings")).toEqual(["Settings"]);
  });
});
