"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/client/api";
import type { ProviderDto } from "@/lib/schemas/providers";
import { useWorkspaceApi } from "../console-context";
import { DialogForm } from "../dialog-form";
import { FormActions } from "../form-actions";

/** Replaces a provider's key (write-only), then validates the new one. */
export function ReplaceKeyDialog({ provider, onClose, onDone }: { provider: ProviderDto | null; onClose: () => void; onDone: (p: ProviderDto) => void }) {
  const call = useWorkspaceApi();
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<string>();
  const replace = useMutation({
    mutationFn: async ({ id, apiKey }: { id: string; apiKey: string }) => {
      await call(`/v1/providers/${encodeURIComponent(id)}`, { method: "PATCH", body: { apiKey } });
      return call<ProviderDto>(`/v1/providers/${encodeURIComponent(id)}/validate`, { method: "POST" });
    },
    onSuccess: (p) => (setApiKey(""), onDone(p)),
    onError: (err) => setError(errorMessage(err)),
  });
  return (
    <Dialog open={!!provider} onOpenChange={(o) => !o && (setApiKey(""), setError(undefined), onClose())}>
      <DialogContent>
        <DialogForm
          className="grid gap-4"
          title={`Replace the key of ${provider?.name}`}
          description="The old key is overwritten. The new one is stored encrypted and never shown again."
          onSubmit={() => {
            if (!apiKey.trim()) return setError("Required");
            if (provider) replace.mutate({ id: provider.id, apiKey: apiKey.trim() });
          }}
        >
          <Field id="replace-key" label="New API key" error={error}>
            <Input type="password" autoComplete="off" className="font-mono" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
          </Field>
          <FormActions submitLabel="Replace and validate" pendingLabel="Saving…" pending={replace.isPending} />
        </DialogForm>
      </DialogContent>
    </Dialog>
  );
}
