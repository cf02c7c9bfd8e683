"use client";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/console/form-error";
import { useProjectApi } from "../connections/use-project-api";
import { DialogHeading } from "../dialog-form";
import { ShowOnceValues } from "./show-once-values";
import type { InboundContext, RotatedSecret, Subscription } from "./types";

/** Confirm, rotate, then show the new secret once. The old secret stops working at once. */
export function RotateSecretDialog({ ctx, subscription, onClose, onRotated }: { ctx: InboundContext; subscription: Subscription | null; onClose: () => void; onRotated: () => void }) {
  const call = useProjectApi(ctx.project);
  const rotate = useMutation({
    mutationFn: (s: Subscription) => call<RotatedSecret>(`/v1/inbound-subscriptions/${encodeURIComponent(s.id)}/rotate-secret`, { method: "POST" }),
    onSuccess: onRotated,
  });
  const close = () => {
    rotate.reset();
    onClose();
  };
  const rotated = rotate.data;
  return (
    <Dialog open={!!subscription} onOpenChange={(o) => !o && !rotate.isPending && close()}>
      <DialogContent className="max-w-2xl">
        <DialogHeading
          title={rotated ? "New signing secret" : "Rotate the signing secret?"}
          description={
            rotated
              ? "Update your sender with this secret. Deliveries signed with the previous one are refused from now on."
              : "A new secret is generated and shown once. Deliveries signed with the current secret are refused as soon as you rotate; the token stays the same."
          }
        />
        {rotated && <ShowOnceValues url={rotated.url} secret={rotated.signingSecret} sampleBody={ctx.sampleBody} />}
        <FormError error={rotate.error} />
        <DialogFooter>
          {rotated ? (
            <Button onClick={close}>Done</Button>
          ) : (
            <>
              <Button variant="outline" onClick={close} disabled={rotate.isPending}>
                Cancel
              </Button>
              <Button onClick={() => subscription && rotate.mutate(subscription)} disabled={rotate.isPending}>
                {rotate.isPending ? "Rotating…" : "Rotate secret"}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
