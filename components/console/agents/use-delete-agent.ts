"use client";
import { useMutation } from "@tanstack/react-query";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { AgentDto } from "@/lib/schemas/agents";
import { useProjectApi } from "../connections/use-project-api";

export function useDeleteAgent(project: string, onDone: () => void) {
  const call = useProjectApi(project);
  return useMutation({
    mutationFn: (a: AgentDto) => call(`/v1/agents/${encodeURIComponent(a.id)}`, { method: "DELETE" }),
    onSuccess: (_, a) => (toast.success("Agent deleted", a.name), onDone()),
    onError: (err) => toast.error("Could not delete the agent", errorMessage(err)),
  });
}
