"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/console/form-error";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { api, errorMessage } from "@/lib/client/api";
import type { AccountDeletionDto, DeletionCertificateDto as Certificate } from "@/lib/schemas/me";
import { timeLeft, useNow } from "./deletion-banner";

/** Saves a workspace's signed deletion certificate (a compact JWS) as a file. */
function download(c: Certificate) {
  const url = URL.createObjectURL(new Blob([c.certificate], { type: "application/jose" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: `deletion-certificate-${c.workspace.slug}.jws` });
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Settings → Account: delete the account after the grace window (confirmed by typing the email
 * address), and the time left with Cancel while it is pending.
 */
export function DeleteAccountCard({ email }: { email: string }) {
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState("");
  const deletion = useQuery({ queryKey: ["me-deletion"], queryFn: ({ signal }) => api<AccountDeletionDto>("/v1/me/deletion", { signal }) });
  const scheduledFor = deletion.data?.status === "scheduled" ? deletion.data.scheduledFor : null;
  const now = useNow(Boolean(scheduledFor));

  const remove = useMutation({
    mutationFn: () => api<AccountDeletionDto>("/v1/me", { method: "DELETE" }),
    onSuccess: (data) => {
      queryClient.setQueryData(["me-deletion"], data);
      setTyped("");
      toast.success("Account deletion scheduled", "Your personal API tokens were revoked; you can cancel until the grace window ends");
    },
  });
  const cancel = useMutation({
    mutationFn: () => api<AccountDeletionDto>("/v1/me/deletion/cancel", { method: "POST" }),
    onSuccess: (data) => {
      queryClient.setQueryData(["me-deletion"], data);
      toast.success("Deletion canceled", "Your account stays; revoked tokens stay revoked");
    },
    onError: (err) => toast.error("Could not cancel", errorMessage(err)),
  });

  return (
    <Card className="border-destructive/50" data-testid="account-danger-zone">
      <CardHeader className="pb-4">
        <CardTitle className="text-base text-destructive">Delete account</CardTitle>
        <CardDescription>
          Deletes your account after a grace window in which you can cancel. Your personal API tokens are revoked at once; what you wrote in workspaces stays, credited to
          “deleted user”. Transfer or delete the workspaces you own first.
        </CardDescription>
      </CardHeader>
      {scheduledFor ? (
        <CardContent>
          <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-destructive/50 bg-destructive/10 px-3 py-2 text-sm">
            <span className="flex-1">
              Your account will be deleted in <strong data-testid="account-deletion-time-left">{timeLeft(new Date(scheduledFor).getTime() - now)}</strong> (
              {new Date(scheduledFor).toLocaleString()}).
            </span>
            <Button size="sm" variant="outline" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              {cancel.isPending ? "Canceling…" : "Cancel deletion"}
            </Button>
          </div>
        </CardContent>
      ) : (
        <>
          <CardContent className="grid max-w-md gap-4">
            <Field id="account-delete-confirm" label={`Type ${email} to confirm`}>
              <Input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            </Field>
            <FormError error={remove.error} />
          </CardContent>
          <CardFooter className="justify-end border-t pt-4">
            <Button type="button" size="sm" variant="destructive" disabled={deletion.isPending || typed.trim() !== email || remove.isPending} onClick={() => remove.mutate()}>
              {remove.isPending ? "Deleting…" : "Delete account"}
            </Button>
          </CardFooter>
        </>
      )}
    </Card>
  );
}

/** Settings → Account: the signed certificates of workspaces deleted on the user's request (none: nothing shown). */
export function DeletionCertificatesCard() {
  const certificates = useQuery({ queryKey: ["me-deletion-certificates"], queryFn: ({ signal }) => api<{ data: Certificate[] }>("/v1/me/deletion-certificates", { signal }) });
  const certs = certificates.data?.data ?? [];
  if (certs.length === 0) return null;
  return (
    <Card data-testid="deletion-certificates">
      <CardHeader className="pb-4">
        <CardTitle className="text-base">Deletion certificates</CardTitle>
        <CardDescription>
          Signed records of deleted workspaces. Verify them against <code className="text-xs">/.well-known/agentruntime-keys.json</code>.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2 text-sm">
          {certs.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-3">
              <span className="font-mono">{c.workspace.slug}</span>
              <span className="text-muted-foreground">deleted {new Date(c.completedAt).toLocaleString()}</span>
              <Button size="sm" variant="outline" onClick={() => download(c)}>
                Download certificate
              </Button>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
