"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/client/api";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { DialogForm } from "../dialog-form";
import { FormActions } from "../form-actions";
import { useProjectApi } from "./use-project-api";

/** Rotation: the new secret is validated by the server before it replaces the old one. */
export function RotateDialog({ connection, project, onClose, onRotated }: { connection: ConnectionDto | null; project: string; onClose: () => void; onRotated: (c: ConnectionDto) => void }) {
  const call = useProjectApi(project);
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string>();
  const rotate = useMutation({
    mutationFn: (c: ConnectionDto) => call<ConnectionDto>(`/v1/connections/${encodeURIComponent(c.id)}/rotate`, { method: "POST", body: { secret } }),
    onSuccess: (c) => {
      setSecret("");
      onRotated(c);
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const close = () => {
    setSecret("");
    setError(undefined);
    onClose();
  };
  const label = connection?.type === "database" ? (connection.provider === "firestore" ? "New service-account key (JSON)" : "New connection string") : "New key";
  return (
    <Dialog open={!!connection} onOpenChange={(o) => !o && close()}>
      <DialogContent>
        <DialogForm
          className="grid gap-4"
          title={`Rotate ${connection?.name}`}
          description={`The new secret is tested first. Only if it works does it replace the current one (${connection?.secretHint ?? "hidden"}); otherwise nothing changes. Revoke the old secret at the vendor afterwards.`}
          onSubmit={() => {
            setError(undefined);
            if (connection) rotate.mutate(connection);
          }}
        >
          <Field id="rotate-secret" label={label} error={error}>
            <Input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" spellCheck={false} className="font-mono" />
          </Field>
          {error && <Alert variant="destructive">The current secret is still active.</Alert>}
          <FormActions submitLabel="Validate and rotate" pendingLabel="Validating…" pending={rotate.isPending} disabled={!secret} onCancel={close} cancelVariant="ghost" />
        </DialogForm>
      </DialogContent>
    </Dialog>
  );
}
