"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

/** "24 hours", "90 minutes", "45 seconds": the configured grace window in words. */
export function graceInWords(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "1 hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "1 minute" : `${seconds / 60} minutes`;
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** Settings → General, owners only: delete the workspace after a grace window, confirmed by typing its slug. */
export function DeleteWorkspaceCard({ graceSeconds }: { graceSeconds: number }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const remove = useMutation({
    mutationFn: () => call("/v1/workspaces/current", { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Deletion scheduled", "Members have been mailed; you can cancel until the grace window ends");
      setTyped("");
      router.refresh();
    },
    onError: (err) => toast.error("Could not delete", errorMessage(err)),
  });
  if (!can("workspace.delete") || workspace.pendingDeletionUntil) return null;
  return (
    <Card className="mt-6 border-destructive/50" data-testid="danger-zone">
      <CardHeader className="pb-4">
        <CardTitle className="text-base text-destructive">Delete workspace</CardTitle>
        <CardDescription>
          Deletes every project, workflow, run, connection, agent, token and audit entry of {workspace.name}, and destroys its encryption key. There is a grace window of{" "}
          {graceInWords(graceSeconds)} in which you can cancel; after it the data is unrecoverable and you receive a signed deletion certificate. Export your data first if you need it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid max-w-md gap-4">
        <Field id="ws-delete-confirm" label={`Type ${workspace.slug} to confirm`}>
          <Input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" className="font-mono" />
        </Field>
      </CardContent>
      <CardFooter className="justify-end border-t pt-4">
        <Button type="button" size="sm" variant="destructive" disabled={typed.trim() !== workspace.slug || remove.isPending} onClick={() => remove.mutate()}>
          {remove.isPending ? "Deleting…" : "Delete workspace"}
        </Button>
      </CardFooter>
    </Card>
  );
}
