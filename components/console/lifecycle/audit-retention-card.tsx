"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

const CHOICES = [30, 90, 365] as const;

/** Settings → General: how long audit entries are kept (the daily retention job deletes older ones). */
export function AuditRetentionCard({ unlimitedAllowed }: { unlimitedAllowed: boolean }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const router = useRouter();
  const current = workspace.auditRetentionDays === null ? "unlimited" : String(workspace.auditRetentionDays);
  const [value, setValue] = useState(current);
  const save = useMutation({
    mutationFn: () => call<WorkspaceDto>("/v1/workspaces/current", { method: "PATCH", body: { auditRetentionDays: value === "unlimited" ? null : Number(value) } }),
    onSuccess: () => {
      toast.success("Audit retention saved");
      router.refresh();
    },
    onError: (err) => toast.error("Could not save", errorMessage(err)),
  });
  const editable = can("workspace.update");
  return (
    <Card className="mt-6">
      <CardHeader className="pb-4">
        <CardTitle className="text-base">Audit retention</CardTitle>
        <CardDescription>Audit entries older than this are deleted every day. Export the log (Audit → Export) to keep a copy.</CardDescription>
      </CardHeader>
      <CardContent className="grid max-w-md gap-4">
        <Field id="ws-audit-retention" label="Keep audit entries for">
          <select
            value={value}
            onChange={(e) => setValue(e.target.value)}
            disabled={!editable}
            className="h-9 rounded-md border bg-background px-3 text-sm"
          >
            {CHOICES.map((d) => (
              <option key={d} value={String(d)}>
                {d} days
              </option>
            ))}
            {(unlimitedAllowed || current === "unlimited") && <option value="unlimited">Unlimited (self-hosted)</option>}
          </select>
        </Field>
      </CardContent>
      {editable && (
        <CardFooter className="justify-end border-t pt-4">
          <Button type="button" size="sm" disabled={value === current || save.isPending} onClick={() => save.mutate()}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </CardFooter>
      )}
    </Card>
  );
}
