"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { AgentDto, CreatedAgentTokenDto } from "@/lib/schemas/agents";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, ShowOnceStep } from "../dialog-form";
import { FormActions } from "../form-actions";
import { FormError } from "../form-error";
import { AgentTokenReveal } from "./token-reveal";

type Props = { project: string; agent: AgentDto; open: boolean; onOpenChange: (open: boolean) => void; onRotated: () => void };

/** Rotation: every token of the agent stops at once; the new one is shown once. */
export function RotateTokenDialog({ project, agent, open, onOpenChange, onRotated }: Props) {
  const call = useProjectApi(project);
  const [token, setToken] = useState<CreatedAgentTokenDto | null>(null);
  const rotate = useMutation({
    mutationFn: () => call<CreatedAgentTokenDto>(`/v1/agents/${encodeURIComponent(agent.id)}/rotate-token`, { method: "POST" }),
    onSuccess: (t) => {
      setToken(t);
      onRotated();
    },
  });
  const close = () => {
    setToken(null);
    rotate.reset();
    onOpenChange(false);
  };
  return (
    <Dialog open={open} onOpenChange={(o) => !o && close()}>
      <DialogContent className="max-w-2xl">
        {token ? (
          <ShowOnceStep title="New agent token" description="Every previous token of this agent is revoked. Give the agent this one." onDone={close}>
            <AgentTokenReveal agent={agent} token={token} />
          </ShowOnceStep>
        ) : (
          <DialogForm title="Rotate the agent's token" description="Every token of this agent (short-lived CLI tokens included) stops working at once, and one new token is issued." onSubmit={() => rotate.mutate()}>
            <FormError error={rotate.error} />
            <FormActions submitLabel="Rotate token" pendingLabel="Rotating…" pending={rotate.isPending} onCancel={close} cancelVariant="ghost" />
          </DialogForm>
        )}
      </DialogContent>
    </Dialog>
  );
}
