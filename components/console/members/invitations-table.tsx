"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Mail } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { ROLE_LABELS } from "@/lib/client/format";
import type { InvitationDto } from "@/lib/schemas/invitations";
import { SectionHeader } from "../page-header";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

type Page = { data: InvitationDto[]; nextCursor: string | null };

export function InvitationsTable({ initial }: { initial: Page }) {
  const { workspace, projects } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const [revoking, setRevoking] = useState<InvitationDto | null>(null);
  const key = ["invitations", workspace.slug];
  const invitations = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => call<Page>("/v1/invitations", { query: { status: "pending", limit: 200 }, signal }),
    initialData: initial,
  });
  const revoke = useMutation({
    mutationFn: (inv: InvitationDto) => call(`/v1/invitations/${encodeURIComponent(inv.id)}`, { method: "DELETE" }),
    onSuccess: (_, inv) => (toast.success("Invitation revoked", `The link sent to ${inv.email} no longer works.`), qc.invalidateQueries({ queryKey: key })),
    onError: (err) => toast.error("Could not revoke the invitation", errorMessage(err)),
  });
  const projectName = (id: string | null) => projects.find((p) => p.id === id)?.name ?? "a project";

  if (invitations.data.data.length === 0 && !invitations.isError) return null;
  return (
    <section className="mt-10">
      <SectionHeader title="Pending invitations" description="Invitations not yet accepted. Each link works once." />
      {invitations.isError && <Alert variant="destructive">{errorMessage(invitations.error)}</Alert>}
      <Table aria-label="Pending invitations">
        <TableColumns columns={["Email", "Role", "Sent", "Expires", { label: "Actions", srOnly: true, className: "w-24" }]} />
        <TableBody>
          {invitations.data.data.map((inv) => (
            <TableRow key={inv.id}>
              <TableCell>
                <span className="flex items-center gap-2">
                  <Mail className="size-4 text-muted-foreground" aria-hidden />
                  {inv.email}
                </span>
              </TableCell>
              <TableCell className="text-muted-foreground">
                {ROLE_LABELS[inv.role]}
                {inv.projectId && inv.projectRole && (
                  <span className="block text-xs">
                    {ROLE_LABELS[inv.projectRole]} in {projectName(inv.projectId)}
                  </span>
                )}
              </TableCell>
              <TableCell className="text-xs text-muted-foreground">
                <TimeAgo value={inv.createdAt} />
              </TableCell>
              <TableCell className="text-xs text-muted-foreground">
                <TimeAgo value={inv.expiresAt} />
              </TableCell>
              <TableCell className="text-right">
                {can("member.invite") && (
                  <Button variant="ghost" size="sm" onClick={() => setRevoking(inv)}>
                    Revoke
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title="Revoke invitation?"
        description={`The invitation link sent to ${revoking?.email} stops working. You can invite them again later.`}
        confirmLabel="Revoke invitation"
        onConfirm={() => revoking && revoke.mutateAsync(revoking)}
      />
    </section>
  );
}
