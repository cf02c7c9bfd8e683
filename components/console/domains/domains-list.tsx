"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BadgeCheck, Clock, Globe } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyField } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import { validate } from "@/lib/client/form";
import { createDomainBody, type DomainDto } from "@/lib/schemas/domains";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";
import { RemoveButton } from "../remove-button";

type Page = { data: DomainDto[]; nextCursor: string | null };

function AddDomainForm({ onAdded }: { onAdded: () => void }) {
  const call = useWorkspaceApi();
  const [domain, setDomain] = useState("");
  const [error, setError] = useState<string>();
  const add = useMutation({
    mutationFn: (body: { domain: string }) => call<DomainDto>("/v1/domains", { method: "POST", body }),
    onSuccess: (d) => (toast.success("Domain added", `Publish the TXT record to verify ${d.domain}.`), setDomain(""), onAdded()),
    onError: (err) => setError(apiFieldErrors(err).domain ?? errorMessage(err)),
  });
  return (
    <form
      noValidate
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const v = validate(createDomainBody, { domain });
        if (!v.ok) return setError(v.errors.domain);
        setError(undefined);
        add.mutate(v.data);
      }}
    >
      <div className="grid min-w-64 flex-1 gap-1">
        <label htmlFor="new-domain" className="sr-only">
          Domain
        </label>
        <Input
          id="new-domain"
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
          placeholder="example.com"
          className="font-mono"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-domain-error" : undefined}
        />
        {error && (
          <p id="new-domain-error" className="text-xs text-destructive">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" disabled={add.isPending}>
        {add.isPending ? "Adding…" : "Add domain"}
      </Button>
    </form>
  );
}

export function DomainsList({ initial }: { initial: Page }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const router = useRouter();
  const manage = can("domain.manage");
  const key = ["domains", workspace.slug];
  const [removing, setRemoving] = useState<DomainDto | null>(null);
  const [verifyError, setVerifyError] = useState<Record<string, string>>({});
  const domains = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => call<Page>("/v1/domains", { query: { limit: 200 }, signal }),
    initialData: initial,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    router.refresh();
  };
  const verify = useMutation({
    mutationFn: (d: DomainDto) => call<DomainDto>(`/v1/domains/${encodeURIComponent(d.id)}/verify`, { method: "POST" }),
    onSuccess: (d) => {
      setVerifyError(({ [d.id]: _, ...rest }) => rest);
      toast.success("Domain verified", d.domain);
      refresh();
    },
    onError: (err, d) => {
      setVerifyError((m) => ({ ...m, [d.id]: errorMessage(err) }));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (d: DomainDto) => call(`/v1/domains/${encodeURIComponent(d.id)}`, { method: "DELETE" }),
    onSuccess: (_, d) => (toast.success("Domain removed", d.domain), refresh()),
    onError: (err) => toast.error("Could not remove the domain", errorMessage(err)),
  });

  return (
    <div className="grid gap-4">
      {manage && <AddDomainForm onAdded={refresh} />}
      {domains.isError && <Alert variant="destructive">{errorMessage(domains.error)}</Alert>}
      {domains.data.data.length === 0 ? (
        <EmptyState icon={Globe} title="No domains" description={manage ? "Add your company's email domain to verify it." : "An admin can add and verify your company's domains."} />
      ) : (
        <ul className="grid gap-3" aria-label="Domains">
          {domains.data.data.map((d) => (
            <li key={d.id} className="rounded-lg border bg-card">
              <div className="flex flex-wrap items-center gap-3 px-4 py-3">
                <Globe className="size-4 text-muted-foreground" aria-hidden />
                <span className="font-mono text-sm font-medium">{d.domain}</span>
                {d.verified ? (
                  <Badge variant="success" className="gap-1">
                    <BadgeCheck className="size-3" aria-hidden /> Verified
                  </Badge>
                ) : (
                  <Badge variant="warning" className="gap-1">
                    <Clock className="size-3" aria-hidden /> Pending verification
                  </Badge>
                )}
                <span className="ml-auto text-xs text-muted-foreground">
                  {d.verified ? (
                    <>
                      Verified <TimeAgo value={d.verifiedAt} />
                    </>
                  ) : d.lastCheckedAt ? (
                    <>
                      Last checked <TimeAgo value={d.lastCheckedAt} />
                    </>
                  ) : (
                    <>
                      Added <TimeAgo value={d.createdAt} />
                    </>
                  )}
                </span>
                {manage && <RemoveButton label={`Remove ${d.domain}`} onClick={() => setRemoving(d)} />}
              </div>
              {!d.verified && (
                <div className="grid gap-3 border-t bg-muted/20 px-4 py-3">
                  <p className="text-sm text-muted-foreground">Publish this TXT record at your DNS provider, then verify. DNS changes can take a few minutes to appear.</p>
                  <div className="grid gap-2 sm:grid-cols-[auto_minmax(0,1fr)] sm:items-center">
                    <span className="text-xs font-medium text-muted-foreground">Name</span>
                    <CopyField label="TXT record name" value={d.txtRecord.name} />
                    <span className="text-xs font-medium text-muted-foreground">Value</span>
                    <CopyField label="TXT record value" value={d.txtRecord.value} />
                  </div>
                  {verifyError[d.id] && <Alert variant="destructive">{verifyError[d.id]}</Alert>}
                  {manage && (
                    <div>
                      <Button size="sm" variant="outline" disabled={verify.isPending && verify.variables?.id === d.id} onClick={() => verify.mutate(d)}>
                        {verify.isPending && verify.variables?.id === d.id ? "Checking DNS…" : "Verify"}
                      </Button>
                    </div>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.domain}?`}
        description="Policies stop applying to this domain. Existing members keep their access."
        confirmLabel="Remove domain"
        onConfirm={() => removing && remove.mutateAsync(removing)}
      />
    </div>
  );
}
