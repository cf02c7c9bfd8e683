"use client";
import { useMemo } from "react";
import { api, type ApiOptions } from "@/lib/client/api";
import { useConsole } from "../console-context";

/** `api()` bound to the current workspace and one project (X-Tenant-Id + X-Project-Id). */
export function useProjectApi(project: string) {
  const { workspace } = useConsole();
  return useMemo(
    () =>
      <T,>(path: string, opts: Omit<ApiOptions, "tenant" | "project"> = {}) =>
        api<T>(path, { ...opts, tenant: workspace.slug, project }),
    [workspace.slug, project],
  );
}
