"use client";
import { Field } from "@/components/ui/field";
import { OptionSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { ExpressionField } from "./expression-field";
import { NumberField, type FormProps } from "./kit";

const EXPRESSION_HINT = (
  <>
    JSONata over <code className="font-mono">input</code> and <code className="font-mono">steps.&lt;id&gt;.output</code>.
  </>
);

/** Transform and condition: one required expression. */
export function ExpressionForm({ idPrefix, config, onChange, errors, readOnly, kind }: FormProps<{ expression: string }> & { kind: "transform" | "condition" }) {
  return (
    <ExpressionField
      mode="expression"
      id={`${idPrefix}-expression`}
      label="Expression"
      hint={
        kind === "condition" ? (
          <>Its value picks the outgoing connection labelled with it (true/false as text); &quot;default&quot; catches the rest.</>
        ) : (
          EXPRESSION_HINT
        )
      }
      error={errors.expression}
      value={config.expression}
      onChange={(expression) => onChange({ ...config, expression })}
      readOnly={readOnly}
      rows={kind === "condition" ? 3 : 6}
      placeholder={kind === "condition" ? "input.amount > 100" : '{ "greeting": "Hello, " & input.name }'}
    />
  );
}

export function OutputForm({ idPrefix, config, onChange, errors, readOnly }: FormProps<NodeOf<"output">["config"]>) {
  return (
    <ExpressionField
      mode="expression"
      id={`${idPrefix}-expression`}
      label="Output expression (optional)"
      hint={<>Leave empty to return the output of the step before. {EXPRESSION_HINT}</>}
      error={errors.expression}
      value={config.expression ?? ""}
      onChange={(v) => onChange(v.trim() ? { ...config, expression: v } : {})}
      readOnly={readOnly}
      rows={4}
    />
  );
}

export const APPROVER_ROLES = [
  { value: "project_admin", label: "Project admin" },
  { value: "project_contributor", label: "Contributor or above" },
] as const;

export function ApprovalForm({ idPrefix, config, onChange, errors, readOnly }: FormProps<NodeOf<"approval">["config"]>) {
  return (
    <div className="grid gap-4">
      <ExpressionField
        mode="template"
        id={`${idPrefix}-message`}
        label="Message"
        hint={<>Shown to approvers. A template: {"{{ input.amount }}"}.</>}
        error={errors.message}
        value={config.message}
        onChange={(message) => onChange({ ...config, message })}
        readOnly={readOnly}
        rows={3}
        mono={false}
      />
      <Field id={`${idPrefix}-approver`} label="Who may approve" error={errors.approverRole}>
        <OptionSelect
          id={`${idPrefix}-approver`}
          value={config.approverRole}
          options={APPROVER_ROLES}
          onValueChange={(approverRole) => onChange({ ...config, approverRole })}
          disabled={readOnly}
        />
      </Field>
      <NumberField
        id={`${idPrefix}-expiry`}
        label="Expires after (minutes)"
        hint="An unanswered approval fails the run. 1 minute to 30 days."
        error={errors.expiresInSeconds}
        value={config.expiresInSeconds / 60}
        onChange={(m) => onChange({ ...config, expiresInSeconds: m === undefined ? 24 * 3600 : Math.round(m * 60) })}
        readOnly={readOnly}
        integer
      />
      <div className="flex items-center justify-between gap-3">
        <label htmlFor={`${idPrefix}-self`} className="text-sm">
          Allow the person who started the run to approve it
        </label>
        <Switch
          id={`${idPrefix}-self`}
          checked={config.allowSelfApproval}
          onCheckedChange={(allowSelfApproval) => onChange({ ...config, allowSelfApproval })}
          disabled={readOnly}
        />
      </div>
    </div>
  );
}

/** Timeout and retries of side-effecting steps (llm, http). */
export function LimitsFields({ idPrefix, config, onChange, errors, readOnly }: {
  idPrefix: string;
  config: { timeoutMs?: number; retry?: { maxAttempts: number; initialDelayMs: number } };
  onChange: (patch: { timeoutMs?: number; retry?: { maxAttempts: number; initialDelayMs: number } }) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  return (
    <div className="grid grid-cols-2 gap-3">
      <NumberField
        id={`${idPrefix}-timeout`}
        label="Timeout (ms)"
        hint="Per attempt; default 30000."
        error={errors.timeoutMs}
        value={config.timeoutMs}
        onChange={(timeoutMs) => onChange({ timeoutMs })}
        readOnly={readOnly}
        integer
      />
      <NumberField
        id={`${idPrefix}-attempts`}
        label="Attempts"
        hint="Including the first; default 3."
        error={errors.retry}
        value={config.retry?.maxAttempts}
        onChange={(maxAttempts) => onChange({ retry: maxAttempts === undefined ? undefined : { maxAttempts, initialDelayMs: config.retry?.initialDelayMs ?? 500 } })}
        readOnly={readOnly}
        integer
      />
    </div>
  );
}
