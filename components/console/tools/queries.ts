// The tool query keys the list and the detail page share, so a change on one refreshes the other.
export const toolKeys = {
  all: (workspace: string, project: string) => ["tools", workspace, project] as const,
  one: (workspace: string, project: string, id: string) => ["tools", workspace, project, id] as const,
  policies: (workspace: string, project: string, id: string) => ["tools", workspace, project, id, "policies"] as const,
};
