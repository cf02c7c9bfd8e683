"use client";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createWebhookBody, updateWebhookBody, type WebhookDto, type WebhookWithSecretDto } from "@/lib/schemas/webhooks";
import type { WebhookEventType } from "@/lib/schemas/webhook-event-types";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, FormDialog, ShowOnceStep } from "../dialog-form";
import { FormActions } from "../form-actions";
import { useFormMutation } from "../use-form-mutation";
import { EventPicker } from "./event-picker";
import { DEFAULT_EVENTS } from "./events";
import { SecretReveal } from "./secret-reveal";

type Props = {
  project: string;
  /** The endpoint to edit; null = create a new one. */
  endpoint: WebhookDto | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (w: WebhookDto) => void;
};

/** Create (then show the secret once) or edit an endpoint: URL, description, events. */
export function EndpointDialog({ project, endpoint, open, onOpenChange, onSaved }: Props) {
  const call = useProjectApi(project);
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [events, setEvents] = useState<WebhookEventType[]>((endpoint?.events as WebhookEventType[]) ?? DEFAULT_EVENTS);
  const [created, setCreated] = useState<WebhookWithSecretDto | null>(null);

  const { errors, submit, reset: resetForm, mutation: save } = useFormMutation<unknown, WebhookDto>({
    schema: endpoint ? updateWebhookBody : createWebhookBody,
    mutationFn: (body) =>
      endpoint
        ? call<WebhookDto>(`/v1/webhooks/${encodeURIComponent(endpoint.id)}`, { method: "PATCH", body })
        : call<WebhookWithSecretDto>("/v1/webhooks", { method: "POST", body }),
    onSuccess: (w) => {
      onSaved(w);
      if (!endpoint && "secret" in w) setCreated(w as WebhookWithSecretDto);
      else onOpenChange(false);
    },
  });

  function reset() {
    setUrl(endpoint?.url ?? "");
    setDescription(endpoint?.description ?? "");
    setEvents((endpoint?.events as WebhookEventType[]) ?? DEFAULT_EVENTS);
    setCreated(null);
    resetForm();
  }

  return (
    <FormDialog open={open} onOpenChange={onOpenChange} onClosed={reset} className="max-w-2xl">
      {created ? (
        <ShowOnceStep title="Endpoint created" description={`Deliveries to ${created.url} are signed with this secret.`} onDone={() => (onOpenChange(false), reset())}>
          <SecretReveal secret={created.secret} />
        </ShowOnceStep>
      ) : (
        <DialogForm
          title={endpoint ? "Edit endpoint" : "Add endpoint"}
          description="AgentRuntime POSTs a signed JSON event to this URL. It must be https and reachable from the internet; private and loopback addresses are refused unless the server allows them."
          onSubmit={() =>
            submit(
              endpoint
                ? { url: url.trim(), description: description.trim() || null, events }
                : { url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) },
            )
          }
        >
          <Field id="webhook-url" label="Endpoint URL" error={errors.url}>
            <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/agentruntime/events" autoFocus spellCheck={false} className="font-mono" />
          </Field>
          <Field id="webhook-description" label="Description" hint="Optional: what receives these events." error={errors.description}>
            <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} placeholder="Order pipeline" />
          </Field>
          <EventPicker value={events} onChange={setEvents} error={errors.events} />
          <FormError error={save.error} />
          <FormActions submitLabel={endpoint ? "Save changes" : "Add endpoint"} pendingLabel="Saving…" pending={save.isPending} onCancel={() => onOpenChange(false)} />
        </DialogForm>
      )}
    </FormDialog>
  );
}
