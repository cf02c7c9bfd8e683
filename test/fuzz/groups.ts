// The operations split across test files so vitest runs them on parallel workers. The last
// group takes every operation the others do not name, so a new tag is still fuzzed.
import { OPERATIONS, type Operation } from "./operations";

const GROUPS = {
  auth: ["Auth", "Me", "Meta"],
  tenancy: ["Workspaces", "Projects", "Members"],
  resources: ["Invitations", "Domains", "Tokens", "Audit"],
  agents: ["Agents"],
  tools: ["Tools"],
  platform: ["Platform"],
};
type Group = keyof typeof GROUPS | "rest";

function groupOf(op: Operation): Group {
  for (const [g, tags] of Object.entries(GROUPS)) if (op.tags.some((t) => tags.includes(t))) return g as Group;
  return "rest";
}

export const operationsOf = (group: Group): Operation[] => OPERATIONS.filter((op) => groupOf(op) === group);
export const GROUP_NAMES: Group[] = [...(Object.keys(GROUPS) as Group[]), "rest"];
