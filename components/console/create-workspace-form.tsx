"use client";
import { useRouter } from "next/navigation";
import { api } from "@/lib/client/api";
import type { ProjectDto } from "@/lib/schemas/projects";
import { createWorkspaceBody, type WorkspaceDto } from "@/lib/schemas/workspaces";
import { NameSlugForm } from "./name-slug-form";

/** Name + slug; creates the workspace (and its default project) and opens it. */
export function CreateWorkspaceForm({ submitLabel = "Create workspace", onCancel }: { submitLabel?: string; onCancel?: () => void }) {
  const router = useRouter();
  return (
    <NameSlugForm
      fields={{
        idPrefix: "workspace",
        nameLabel: "Workspace name",
        namePlaceholder: "Acme Inc.",
        nameAutoComplete: "organization",
        slugHint: "Used in URLs and as X-Tenant-Id. It cannot be changed later.",
        slugPlaceholder: "acme",
      }}
      schema={createWorkspaceBody}
      create={(body) => api<{ workspace: WorkspaceDto; project: ProjectDto }>("/v1/workspaces", { method: "POST", body })}
      onCreated={({ workspace }) => {
        router.push(`/w/${workspace.slug}`);
        router.refresh();
      }}
      submitLabel={submitLabel}
      holdAfterSuccess
      onCancel={onCancel}
    />
  );
}
