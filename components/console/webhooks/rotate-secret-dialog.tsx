"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { OptionSelect } from "@/components/ui/select";
import type { WebhookDto, WebhookWithSecretDto } from "@/lib/schemas/webhooks";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, ShowOnceStep } from "../dialog-form";
import { FormActions } from "../form-actions";
import { SecretReveal } from "./secret-reveal";

const GRACE_OPTIONS = [
  { value: "0", label: "None: the old secret stops at once" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "24 hours (recommended)" },
  { value: "604800", label: "7 days" },
] as const;
type Grace = (typeof GRACE_OPTIONS)[number]["value"];

/** Rotation: the new secret is shown once; both sign deliveries during the chosen grace window. */
export function RotateSecretDialog({ project, endpoint, onClose, onRotated }: { project: string; endpoint: WebhookDto | null; onClose: () => void; onRotated: (w: WebhookDto) => void }) {
  const call = useProjectApi(project);
  const [grace, setGrace] = useState<Grace>("86400");
  const [result, setResult] = useState<WebhookWithSecretDto | null>(null);
  const rotate = useMutation({
    mutationFn: (w: WebhookDto) => call<WebhookWithSecretDto>(`/v1/webhooks/${encodeURIComponent(w.id)}/rotate-secret`, { method: "POST", body: { graceSeconds: Number(grace) } }),
    onSuccess: (w) => {
      setResult(w);
      onRotated(w);
    },
  });
  const close = () => {
    setResult(null);
    setGrace("86400");
    rotate.reset();
    onClose();
  };
  const until = result?.previousSecretExpiresAt ? new Date(result.previousSecretExpiresAt).toLocaleString() : null;
  return (
    <Dialog open={!!endpoint} onOpenChange={(o) => !o && close()}>
      <DialogContent className="max-w-2xl">
        {result ? (
          <ShowOnceStep
            title="New signing secret"
            description={until ? `Until ${until}, deliveries carry both signatures (X-Agentruntime-Signature: v1=<new>,v1=<old>). Update your receiver before then.` : "Deliveries are signed with the new secret only, from now on."}
            onDone={close}
          >
            <SecretReveal secret={result.secret} />
          </ShowOnceStep>
        ) : (
          <DialogForm
            className="grid gap-4"
            title="Rotate signing secret"
            description={`A new secret replaces ${endpoint?.secretHint ?? "the current one"}. During the grace window every delivery is signed with both, so your receiver can switch without rejecting events.`}
            onSubmit={() => endpoint && rotate.mutate(endpoint)}
          >
            <Field id="rotate-grace" label="Grace window">
              <OptionSelect id="rotate-grace" value={grace} options={GRACE_OPTIONS} onValueChange={setGrace} />
            </Field>
            <FormError error={rotate.error} />
            <FormActions submitLabel="Rotate secret" pendingLabel="Rotating…" pending={rotate.isPending} onCancel={close} cancelVariant="ghost" />
          </DialogForm>
        )}
      </DialogContent>
    </Dialog>
  );
}
