"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

type PolicyKey = "restrictToVerifiedDomains" | "autoJoinVerifiedDomains";

const POLICIES: { key: PolicyKey; title: string; description: string }[] = [
  {
    key: "restrictToVerifiedDomains",
    title: "Restrict membership to verified domains",
    description: "Only people with a verified email address on one of your verified domains can be invited or join.",
  },
  {
    key: "autoJoinVerifiedDomains",
    title: "Let colleagues join automatically",
    description: "Anyone who verifies an email address on a verified domain joins this workspace as a member.",
  },
];

export function DomainPolicies({ verifiedCount }: { verifiedCount: number }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const router = useRouter();
  const [values, setValues] = useState({ restrictToVerifiedDomains: workspace.restrictToVerifiedDomains, autoJoinVerifiedDomains: workspace.autoJoinVerifiedDomains });
  const editable = can("workspace.update");
  const save = useMutation({
    mutationFn: (patch: Partial<Record<PolicyKey, boolean>>) => call<WorkspaceDto>("/v1/workspaces/current", { method: "PATCH", body: patch }),
    onSuccess: (w) => {
      setValues({ restrictToVerifiedDomains: w.restrictToVerifiedDomains, autoJoinVerifiedDomains: w.autoJoinVerifiedDomains });
      toast.success("Domain policy saved");
      router.refresh();
    },
    onError: (err) => {
      setValues({ restrictToVerifiedDomains: workspace.restrictToVerifiedDomains, autoJoinVerifiedDomains: workspace.autoJoinVerifiedDomains });
      toast.error("Could not change the policy", errorMessage(err));
    },
  });

  return (
    <Card>
      <CardHeader className="pb-2">
        <CardTitle className="text-base">Membership policy</CardTitle>
        <CardDescription>
          {verifiedCount === 0 ? "Verify a domain to turn these on." : `Applies to your ${verifiedCount} verified domain${verifiedCount > 1 ? "s" : ""}.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="divide-y p-0 px-6">
        {POLICIES.map((p) => {
          const on = values[p.key];
          // Turning a policy off is always allowed; turning one on needs a verified domain.
          const disabled = !editable || save.isPending || (!on && verifiedCount === 0);
          return (
            <div key={p.key} className="flex items-start justify-between gap-6 py-4">
              <div>
                <p id={`${p.key}-label`} className="text-sm font-medium">
                  {p.title}
                </p>
                <p className="mt-0.5 text-sm text-muted-foreground">{p.description}</p>
              </div>
              <Switch
                aria-labelledby={`${p.key}-label`}
                checked={on}
                disabled={disabled}
                onCheckedChange={(checked) => {
                  setValues((v) => ({ ...v, [p.key]: checked }));
                  save.mutate({ [p.key]: checked });
                }}
              />
            </div>
          );
        })}
      </CardContent>
    </Card>
  );
}
