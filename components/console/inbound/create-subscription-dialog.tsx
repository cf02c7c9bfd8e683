"use client";
import { useMutation } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { apiFieldErrors } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createInboundSubscriptionBody } from "@/lib/schemas/inbound";
import { useProjectApi } from "../connections/use-project-api";
import { ShowOnceValues } from "./show-once-values";
import type { CreatedSubscription, InboundContext } from "./types";

export function CreateSubscriptionDialog({ ctx, workflowName, onCreated }: { ctx: InboundContext; workflowName: string; onCreated: (s: CreatedSubscription) => void }) {
  const call = useProjectApi(ctx.project);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedSubscription | null>(null);

  const create = useMutation({
    mutationFn: (body: unknown) => call<CreatedSubscription>(`/v1/workflows/${encodeURIComponent(ctx.workflowId)}/inbound`, { method: "POST", body }),
    onSuccess: (s) => {
      setCreated(s);
      onCreated(s);
    },
    onError: (err) => setErrors(apiFieldErrors(err)),
  });

  function change(o: boolean) {
    setOpen(o);
    if (!o) {
      // The values are dropped from memory when the dialog closes: they are shown once.
      setName("");
      setErrors({});
      setCreated(null);
      create.reset();
    }
  }

  return (
    <Dialog open={open} onOpenChange={change}>
      <Button onClick={() => setOpen(true)}>
        <Plus className="size-4" aria-hidden /> New subscription
      </Button>
      <DialogContent className="max-w-2xl">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Subscription created</DialogTitle>
              <DialogDescription>Configure your sender with these values. Each signed delivery starts a run of {workflowName}.</DialogDescription>
            </DialogHeader>
            <ShowOnceValues url={created.url} secret={created.signingSecret} token={created.token} sampleBody={ctx.sampleBody} />
            <DialogFooter>
              <Button onClick={() => change(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form
            noValidate
            className="grid gap-5"
            onSubmit={(e) => {
              e.preventDefault();
              const body = name.trim() ? { name: name.trim() } : {};
              const v = validate(createInboundSubscriptionBody, body);
              if (!v.ok) return setErrors(v.errors);
              setErrors({});
              create.mutate(body);
            }}
          >
            <DialogHeader>
              <DialogTitle>New inbound subscription</DialogTitle>
              <DialogDescription>
                An endpoint that starts {workflowName} when an external system POSTs signed JSON to it. You get a signing secret and a token bound to this endpoint only.
              </DialogDescription>
            </DialogHeader>
            <Field id="inbound-name" label="Name (optional)" error={errors.name} hint="Who sends, e.g. “GitHub push” or “CRM new lead”.">
              <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="GitHub push" autoFocus maxLength={100} />
            </Field>
            <FormError error={create.error} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => change(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create subscription"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
