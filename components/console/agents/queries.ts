// The agent query keys the list and the detail page share, so a change on one refreshes the other.
export const agentKeys = {
  all: (workspace: string, project: string) => ["agents", workspace, project] as const,
  one: (workspace: string, project: string, id: string) => ["agents", workspace, project, id] as const,
  tokens: (workspace: string, project: string, id: string) => ["agents", workspace, project, id, "tokens"] as const,
  runtime: (workspace: string, project: string, id: string) => ["agents", workspace, project, id, "runtime"] as const,
};
