"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { apiFieldErrors } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createWebhookBody, updateWebhookBody, type WebhookDto, type WebhookWithSecretDto } from "@/lib/schemas/webhooks";
import type { WebhookEventType } from "@/lib/webhooks/event-types";
import { useProjectApi } from "../connections/use-project-api";
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<WebhookWithSecretDto | null>(null);

  const save = useMutation({
    mutationFn: (body: unknown) =>
      endpoint
        ? call<WebhookDto>(`/v1/webhooks/${encodeURIComponent(endpoint.id)}`, { method: "PATCH", body })
        : call<WebhookWithSecretDto>("/v1/webhooks", { method: "POST", body }),
    onSuccess: (w) => {
      onSaved(w);
      if (!endpoint && "secret" in w) setCreated(w as WebhookWithSecretDto);
      else onOpenChange(false);
    },
    onError: (err) => setErrors(apiFieldErrors(err)),
  });

  function reset() {
    setUrl(endpoint?.url ?? "");
    setDescription(endpoint?.description ?? "");
    setEvents((endpoint?.events as WebhookEventType[]) ?? DEFAULT_EVENTS);
    setErrors({});
    setCreated(null);
    save.reset();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) reset();
      }}
    >
      <DialogContent className="max-w-2xl">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Endpoint created</DialogTitle>
              <DialogDescription>Deliveries to {created.url} are signed with this secret.</DialogDescription>
            </DialogHeader>
            <SecretReveal secret={created.secret} />
            <DialogFooter>
              <Button onClick={() => (onOpenChange(false), reset())}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form
            noValidate
            className="grid gap-5"
            onSubmit={(e) => {
              e.preventDefault();
              const body = endpoint
                ? { url: url.trim(), description: description.trim() || null, events }
                : { url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) };
              const v = endpoint ? validate(updateWebhookBody, body) : validate(createWebhookBody, body);
              if (!v.ok) return setErrors(v.errors);
              setErrors({});
              save.mutate(body);
            }}
          >
            <DialogHeader>
              <DialogTitle>{endpoint ? "Edit endpoint" : "Add endpoint"}</DialogTitle>
              <DialogDescription>
                AgentRuntime POSTs a signed JSON event to this URL. It must be https and reachable from the internet; private and loopback addresses are refused unless the server allows them.
              </DialogDescription>
            </DialogHeader>
            <Field id="webhook-url" label="Endpoint URL" error={errors.url}>
              <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/agentruntime/events" autoFocus spellCheck={false} className="font-mono" />
            </Field>
            <Field id="webhook-description" label="Description" hint="Optional: what receives these events." error={errors.description}>
              <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} placeholder="Order pipeline" />
            </Field>
            <EventPicker value={events} onChange={setEvents} error={errors.events} />
            <FormError error={save.error} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={save.isPending}>
                {save.isPending ? "Saving…" : endpoint ? "Save changes" : "Add endpoint"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
