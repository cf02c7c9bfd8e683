"use client";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { createToolBody, updateToolBody, type ToolDto } from "@/lib/schemas/tools";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, FormDialog } from "../dialog-form";
import { FormActions } from "../form-actions";
import { useFormMutation } from "../use-form-mutation";
import { ToolFields } from "./tool-fields";
import { initialState, toBody } from "./tool-form-state";

type Props = {
  project: string;
  /** The tool to edit; null: register a new one. */
  tool: ToolDto | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (tool: ToolDto) => void;
};

export function ToolDialog({ project, tool, open, onOpenChange, onSaved }: Props) {
  const call = useProjectApi(project);
  const [state, setState] = useState(() => initialState(tool ?? undefined));
  const { errors, submit, reset: resetForm, mutation } = useFormMutation<unknown, ToolDto>({
    schema: tool ? updateToolBody : createToolBody,
    mutationFn: (body) => (tool ? call<ToolDto>(`/v1/tools/${encodeURIComponent(tool.id)}`, { method: "PATCH", body }) : call<ToolDto>("/v1/tools", { method: "POST", body })),
    onSuccess: (result) => {
      onSaved(result);
      onOpenChange(false);
    },
  });

  function reset() {
    setState(initialState(tool ?? undefined));
    resetForm();
  }

  return (
    <FormDialog open={open} onOpenChange={onOpenChange} onClosed={reset} className="max-h-[90vh] max-w-3xl overflow-y-auto">
      <DialogForm
        title={tool ? `Edit ${tool.name}` : "Register tool"}
        description="An upstream API your agents call through the gateway: it checks the call against the capabilities and the agent's policies, and injects the credential. No agent may call it until a policy binds it."
        onSubmit={() => submit(toBody(state))}
      >
        <ToolFields project={project} state={state} onChange={setState} errors={errors} />
        <FormError error={mutation.error} />
        <FormActions submitLabel={tool ? "Save changes" : "Register tool"} pendingLabel="Saving…" pending={mutation.isPending} onCancel={() => onOpenChange(false)} />
      </DialogForm>
    </FormDialog>
  );
}
