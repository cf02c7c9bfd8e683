"use client";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createInboundSubscriptionBody } from "@/lib/schemas/inbound";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, ShowOnceStep } from "../dialog-form";
import { FormActions } from "../form-actions";
import { NewButton } from "../new-button";
import { useFormMutation } from "../use-form-mutation";
import { ShowOnceValues } from "./show-once-values";
import type { CreatedSubscription, InboundContext } from "./types";

export function CreateSubscriptionDialog({ ctx, workflowName, onCreated }: { ctx: InboundContext; workflowName: string; onCreated: (s: CreatedSubscription) => void }) {
  const call = useProjectApi(ctx.project);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedSubscription | null>(null);

  const { errors, submit, reset, mutation: create } = useFormMutation({
    schema: createInboundSubscriptionBody,
    mutationFn: (body) => call<CreatedSubscription>(`/v1/workflows/${encodeURIComponent(ctx.workflowId)}/inbound`, { method: "POST", body }),
    onSuccess: (s) => {
      setCreated(s);
      onCreated(s);
    },
  });

  function change(o: boolean) {
    setOpen(o);
    if (!o) {
      // The values are dropped from memory when the dialog closes: they are shown once.
      setName("");
      setCreated(null);
      reset();
    }
  }

  return (
    <Dialog open={open} onOpenChange={change}>
      <NewButton label="New subscription" onClick={() => setOpen(true)} />
      <DialogContent className="max-w-2xl">
        {created ? (
          <ShowOnceStep
            title="Subscription created"
            description={`Configure your sender with these values. Each signed delivery starts a run of ${workflowName}.`}
            onDone={() => change(false)}
          >
            <ShowOnceValues url={created.url} secret={created.signingSecret} token={created.token} sampleBody={ctx.sampleBody} />
          </ShowOnceStep>
        ) : (
          <DialogForm
            title="New inbound subscription"
            description={`An endpoint that starts ${workflowName} when an external system POSTs signed JSON to it. You get a signing secret and a token bound to this endpoint only.`}
            onSubmit={() => submit(name.trim() ? { name: name.trim() } : {})}
          >
            <Field id="inbound-name" label="Name (optional)" error={errors.name} hint="Who sends, e.g. “GitHub push” or “CRM new lead”.">
              <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="GitHub push" autoFocus maxLength={100} />
            </Field>
            <FormError error={create.error} />
            <FormActions submitLabel="Create subscription" pendingLabel="Creating…" pending={create.isPending} onCancel={() => change(false)} />
          </DialogForm>
        )}
      </DialogContent>
    </Dialog>
  );
}
