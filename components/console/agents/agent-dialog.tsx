"use client";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { createAgentBody, updateAgentBody, type AgentDto, type CreatedAgentDto } from "@/lib/schemas/agents";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, FormDialog, ShowOnceStep } from "../dialog-form";
import { FormActions } from "../form-actions";
import { useFormMutation } from "../use-form-mutation";
import { AgentFields } from "./agent-fields";
import { initialState, toBody } from "./agent-form-state";
import { AgentTokenReveal } from "./token-reveal";

type Props = {
  project: string;
  /** The agent to edit; null: register a new one (its token is then shown once). */
  agent: AgentDto | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (agent: AgentDto) => void;
};

export function AgentDialog({ project, agent, open, onOpenChange, onSaved }: Props) {
  const call = useProjectApi(project);
  const [state, setState] = useState(() => initialState(agent ?? undefined));
  const [slugTouched, setSlugTouched] = useState(!!agent);
  const [created, setCreated] = useState<CreatedAgentDto | null>(null);

  const { errors, submit, reset: resetForm, mutation } = useFormMutation<unknown, AgentDto | CreatedAgentDto>({
    schema: agent ? updateAgentBody : createAgentBody,
    mutationFn: (body) =>
      agent ? call<AgentDto>(`/v1/agents/${encodeURIComponent(agent.id)}`, { method: "PATCH", body }) : call<CreatedAgentDto>("/v1/agents", { method: "POST", body }),
    onSuccess: (result) => {
      if ("token" in result) {
        onSaved(result.agent);
        setCreated(result);
      } else {
        onSaved(result);
        onOpenChange(false);
      }
    },
  });

  function reset() {
    setState(initialState(agent ?? undefined));
    setSlugTouched(!!agent);
    setCreated(null);
    resetForm();
  }

  return (
    <FormDialog open={open} onOpenChange={onOpenChange} onClosed={reset} className="max-h-[90vh] max-w-3xl overflow-y-auto">
      {created ? (
        <ShowOnceStep title="Agent registered" description={`${created.agent.name} answers at ${created.agent.ingressUrl}.`} onDone={() => (onOpenChange(false), reset())}>
          <AgentTokenReveal agent={created.agent} token={created.token} />
        </ShowOnceStep>
      ) : (
        <DialogForm
          title={agent ? `Edit ${agent.name}` : "Register agent"}
          description="End users reach the agent through the gateway with a JWT of its identity provider; the agent calls models and tools through the gateway with its token. No credential ever goes to the agent."
          onSubmit={() => submit(toBody(state))}
        >
          <AgentFields state={state} onChange={setState} errors={errors} slugTouched={slugTouched} onSlugTouched={() => setSlugTouched(true)} />
          <FormError error={mutation.error} />
          <FormActions submitLabel={agent ? "Save changes" : "Register agent"} pendingLabel="Saving…" pending={mutation.isPending} onCancel={() => onOpenChange(false)} />
        </DialogForm>
      )}
    </FormDialog>
  );
}
