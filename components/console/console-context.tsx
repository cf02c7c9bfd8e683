"use client";
import { createContext, useContext, useMemo } from "react";
import { can, type Action } from "@/lib/authz/permissions";
import { type ProjectRole, type WorkspaceRole } from "@/lib/core/scope";
import { api, type ApiOptions } from "@/lib/client/api";
import type { ProjectDto, SwitcherProject } from "@/lib/schemas/projects";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";

type ConsoleUser = { id: string; email: string; name: string | null; image: string | null };

type ConsoleState = {
  user: ConsoleUser;
  workspace: WorkspaceDto;
  workspaces: WorkspaceDto[];
  projects: ProjectDto[];
  /** Every workspace's visible projects, by workspace id (the top-bar scope switcher). */
  projectsByWorkspace?: Record<string, SwitcherProject[]>;
  /** The project of this workspace the user last worked in, if still visible. */
  lastProjectSlug?: string | null;
};

const Ctx = createContext<ConsoleState | null>(null);

/** What every console page knows: who is signed in, which workspace, with which role. */
export function ConsoleProvider({ value, children }: { value: ConsoleState; children: React.ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useConsole(): ConsoleState {
  const v = useContext(Ctx);
  if (!v) throw new Error("useConsole outside <ConsoleProvider>");
  return v;
}

/**
 * The viewer's permissions, from the same table the API enforces: the console shows a
 * control only when the server would accept the request behind it.
 */
export function useCan() {
  const { workspace } = useConsole();
  return useMemo(() => {
    const role = workspace.role as WorkspaceRole;
    return (action: Action, projectRole?: ProjectRole | null) => can({ workspaceRole: role, projectRole }, action);
  }, [workspace.role]);
}

/** `api()` bound to the current workspace (X-Tenant-Id). */
export function useWorkspaceApi() {
  const { workspace } = useConsole();
  return useMemo(
    () =>
      <T,>(path: string, opts: Omit<ApiOptions, "tenant"> = {}) =>
        api<T>(path, { ...opts, tenant: workspace.slug }),
    [workspace.slug],
  );
}
