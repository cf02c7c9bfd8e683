"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import type { AgentDto } from "@/lib/schemas/agents";
import { createToolPolicyBody, TOOL_METHODS, TOOL_POLICY_EFFECTS, updateToolPolicyBody, type ToolPolicyDto } from "@/lib/schemas/tools";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, FormDialog } from "../dialog-form";
import { FormActions } from "../form-actions";
import { FormError } from "../form-error";
import { useFormMutation } from "../use-form-mutation";

const ANY = "__any";
const CHOOSE = "__choose";
export const EFFECT_LABEL: Record<ToolPolicyDto["effect"], string> = { allow: "Allow", approval_required: "Approval required", deny: "Deny" };
const EFFECTS = TOOL_POLICY_EFFECTS.map((e) => ({ value: e, label: EFFECT_LABEL[e] }));
const METHODS = [{ value: ANY, label: "Any method" }, ...TOOL_METHODS.map((m) => ({ value: m, label: m }))];

type State = { agentId: string; effect: ToolPolicyDto["effect"]; method: string; pathPattern: string; endUserId: string; callsPerMinute: string; endUserCallsPerMinute: string; description: string };

const initial = (p: ToolPolicyDto | null): State => ({
  agentId: p?.agent.id ?? "",
  effect: p?.effect ?? "allow",
  method: p?.method ?? ANY,
  pathPattern: p?.pathPattern ?? "",
  endUserId: p?.endUserId ?? "",
  callsPerMinute: p?.callsPerMinute?.toString() ?? "",
  endUserCallsPerMinute: p?.endUserCallsPerMinute?.toString() ?? "",
  description: p?.description ?? "",
});
const num = (text: string) => (text.trim() === "" ? null : Number.isFinite(Number(text)) ? Number(text) : text);

function toBody(s: State, withAgent: boolean) {
  return {
    ...(withAgent ? { agentId: s.agentId } : {}),
    effect: s.effect,
    method: s.method === ANY ? null : s.method,
    pathPattern: s.pathPattern.trim() || null,
    endUserId: s.endUserId.trim() || null,
    callsPerMinute: num(s.callsPerMinute),
    endUserCallsPerMinute: num(s.endUserCallsPerMinute),
    description: s.description.trim() || null,
  };
}

type Props = { project: string; toolId: string; policy: ToolPolicyDto | null; open: boolean; onOpenChange: (open: boolean) => void; onSaved: () => void };

/** Binds an agent to the tool (create), or narrows and changes a binding (edit: the agent stays). */
export function PolicyDialog({ project, toolId, policy, open, onOpenChange, onSaved }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const [state, setState] = useState(() => initial(policy));
  const set = (patch: Partial<State>) => setState({ ...state, ...patch });
  const agents = useQuery({
    queryKey: ["agents", workspace.slug, project, "for-policies"],
    queryFn: ({ signal }) => call<{ data: AgentDto[] }>("/v1/agents", { query: { limit: 200 }, signal }),
    enabled: open && !policy,
  });
  const base = `/v1/tools/${encodeURIComponent(toolId)}/policies`;
  const { errors, submit, reset, mutation } = useFormMutation<unknown, ToolPolicyDto>({
    schema: policy ? updateToolPolicyBody : createToolPolicyBody,
    mutationFn: (body) => (policy ? call(`${base}/${encodeURIComponent(policy.id)}`, { method: "PATCH", body }) : call(base, { method: "POST", body })),
    onSuccess: () => (onSaved(), onOpenChange(false)),
  });
  const agentOptions = [...(state.agentId ? [] : [{ value: CHOOSE, label: "Choose an agent" }]), ...(agents.data?.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.slug})` }))];

  return (
    <FormDialog open={open} onOpenChange={onOpenChange} onClosed={() => (setState(initial(policy)), reset())} className="max-w-xl">
      <DialogForm
        title={policy ? `Edit the binding of ${policy.agent.name}` : "Bind an agent"}
        description="The most specific binding that matches a call decides it (end user, then path, then method); between equally specific ones the strictest. No binding: the call is denied."
        onSubmit={() => submit(toBody(state, !policy))}
      >
        {!policy && (
          <Field id="policy-agent" label="Agent" error={errors.agentId}>
            <OptionSelect id="policy-agent" value={state.agentId || CHOOSE} options={agentOptions} onValueChange={(v) => set({ agentId: v === CHOOSE ? "" : v })} />
          </Field>
        )}
        <div className="grid grid-cols-2 gap-3">
          <Field id="policy-effect" label="Effect" error={errors.effect}>
            <OptionSelect id="policy-effect" value={state.effect} options={EFFECTS} onValueChange={(effect) => set({ effect })} />
          </Field>
          <Field id="policy-method" label="Method" error={errors.method}>
            <OptionSelect id="policy-method" value={state.method} options={METHODS} onValueChange={(method) => set({ method })} />
          </Field>
        </div>
        <Field id="policy-path" label="Path pattern (optional)" hint="A path-to-regexp pattern: /v1/orders/:id; empty: any path." error={errors.pathPattern}>
          <Input value={state.pathPattern} onChange={(e) => set({ pathPattern: e.target.value })} placeholder="/v1/orders/:id" className="font-mono" spellCheck={false} autoComplete="off" />
        </Field>
        <Field id="policy-end-user" label="End user (optional)" hint="Only calls made for this end user (X-End-User-ID); empty: any." error={errors.endUserId}>
          <Input value={state.endUserId} onChange={(e) => set({ endUserId: e.target.value })} className="font-mono" spellCheck={false} autoComplete="off" />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id="policy-cpm" label="Calls per minute" hint="Under this binding; empty: no limit of its own." error={errors.callsPerMinute}>
            <Input value={state.callsPerMinute} onChange={(e) => set({ callsPerMinute: e.target.value })} inputMode="numeric" />
          </Field>
          <Field id="policy-user-cpm" label="Per end user" hint="Calls per minute." error={errors.endUserCallsPerMinute}>
            <Input value={state.endUserCallsPerMinute} onChange={(e) => set({ endUserCallsPerMinute: e.target.value })} inputMode="numeric" />
          </Field>
        </div>
        <Field id="policy-description" label="Description (optional)" error={errors.description}>
          <Input value={state.description} onChange={(e) => set({ description: e.target.value })} maxLength={500} autoComplete="off" />
        </Field>
        <FormError error={mutation.error} />
        <FormActions submitLabel={policy ? "Save changes" : "Bind agent"} pendingLabel="Saving…" pending={mutation.isPending} onCancel={() => onOpenChange(false)} />
      </DialogForm>
    </FormDialog>
  );
}
