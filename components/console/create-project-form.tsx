"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toaster";
import { createProjectBody, type ProjectDto } from "@/lib/schemas/projects";
import { useConsole, useWorkspaceApi } from "./console-context";
import { NameSlugForm } from "./name-slug-form";

export function CreateProjectForm({ onDone, onCancel }: { onDone?: () => void; onCancel?: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const call = useWorkspaceApi();
  const { workspace } = useConsole();
  return (
    <NameSlugForm
      fields={{
        idPrefix: "project",
        nameLabel: "Project name",
        namePlaceholder: "Support agents",
        slugHint: "Sent as X-Project-Id. It cannot be changed later.",
        slugPlaceholder: "support",
      }}
      schema={createProjectBody}
      create={(body) => call<ProjectDto>("/v1/projects", { method: "POST", body })}
      onCreated={(project) => {
        toast.success("Project created", project.name);
        void qc.invalidateQueries({ queryKey: ["projects", workspace.slug] });
        onDone?.();
        // A new project opens on its contents (its workflows), not on its settings.
        router.push(`/w/${workspace.slug}/projects/${project.slug}/workflows`);
        router.refresh();
      }}
      submitLabel="Create project"
      onCancel={onCancel}
    />
  );
}
