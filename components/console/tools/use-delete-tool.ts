"use client";
import { useMutation } from "@tanstack/react-query";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { ToolDto } from "@/lib/schemas/tools";
import { useProjectApi } from "../connections/use-project-api";

export function useDeleteTool(project: string, onDone: () => void) {
  const call = useProjectApi(project);
  return useMutation({
    mutationFn: (t: ToolDto) => call(`/v1/tools/${encodeURIComponent(t.id)}`, { method: "DELETE" }),
    onSuccess: (_, t) => (toast.success("Tool deleted", t.name), onDone()),
    onError: (err) => toast.error("Could not delete the tool", errorMessage(err)),
  });
}
