"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Crown, LogOut, UserMinus, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { WorkspaceRole } from "@/lib/core/scope";
import { errorMessage } from "@/lib/client/api";
import { ROLE_LABELS, shortDate } from "@/lib/client/format";
import { RoleSelect } from "@/components/console/role-select";
import type { MemberDto } from "@/lib/schemas/members";
import { PageHeader } from "../page-header";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";
import { RowActionsMenu } from "../row-actions-menu";
import { InviteDialog } from "./invite-dialog";
import { MemberIdentity } from "./member-identity";
import { assignableRolesFor, canLeave, canRemove, canTransferTo } from "./member-rules";

type Page = { data: MemberDto[]; nextCursor: string | null };
type Pending = { kind: "remove" | "transfer" | "leave"; member: MemberDto } | null;

const ROLE_ORDER: Record<WorkspaceRole, number> = { owner: 0, tenant_admin: 1, member: 2 };

export function MembersTable({ initial }: { initial: Page }) {
  const { user, workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const router = useRouter();
  const [inviting, setInviting] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const viewer = { id: user.id, role: workspace.role };
  const key = ["members", workspace.slug];

  const members = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => call<Page>("/v1/members", { query: { limit: 200 }, signal }),
    initialData: initial,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    router.refresh();
  };
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: WorkspaceRole }) => call<MemberDto>(`/v1/members/${encodeURIComponent(userId)}`, { method: "PATCH", body: { role } }),
    onSuccess: (m) => (toast.success("Role changed", `${m.email} is now ${ROLE_LABELS[m.role].toLowerCase()}.`), refresh()),
    onError: (err) => toast.error("Could not change the role", errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (m: MemberDto) => call(`/v1/members/${encodeURIComponent(m.userId)}`, { method: "DELETE" }),
    onSuccess: (_, m) => (toast.success("Member removed", `${m.email} no longer has access; their tokens were revoked.`), refresh()),
    onError: (err) => toast.error("Could not remove the member", errorMessage(err)),
  });
  const transfer = useMutation({
    mutationFn: (m: MemberDto) => call("/v1/workspaces/current/transfer", { method: "POST", body: { userId: m.userId } }),
    onSuccess: (_, m) => (toast.success("Ownership transferred", `${m.email} now owns ${workspace.name}. You are an admin.`), refresh()),
    onError: (err) => toast.error("Could not transfer ownership", errorMessage(err)),
  });
  const leave = useMutation({
    mutationFn: () => call("/v1/members/leave", { method: "POST" }),
    // A full load: nothing cached from the workspace just left should survive.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- deliberate full reload
    onSuccess: () => window.location.assign("/"),
    onError: (err) => toast.error("Could not leave the workspace", errorMessage(err)),
  });

  const rows = [...members.data.data].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.email.localeCompare(b.email));

  return (
    <>
      <PageHeader
        title="Members"
        description={`People with access to ${workspace.name}. Owners and admins manage everything; members see only the projects they are added to.`}
        actions={
          can("member.invite") && (
            <Button size="sm" onClick={() => setInviting(true)}>
              <UserPlus className="size-4" aria-hidden /> Invite member
            </Button>
          )
        }
      />
      {members.isError && <Alert variant="destructive" className="mb-4">{errorMessage(members.error)}</Alert>}
      <Table aria-label="Members">
        <TableColumns columns={["Member", "Role", "Joined", { label: "Actions", srOnly: true, className: "w-10" }]} />
        <TableBody>
          {rows.map((m) => {
            const roles = assignableRolesFor(viewer, m);
            const actions = { remove: canRemove(viewer, m), leave: canLeave(viewer, m), transfer: canTransferTo(viewer, m) };
            return (
              <TableRow key={m.userId}>
                <TableCell>
                  <MemberIdentity member={m} badge={m.userId === user.id ? <Badge variant="secondary">You</Badge> : null} />
                </TableCell>
                <TableCell>
                  {roles.length > 0 ? (
                    <RoleSelect
                      value={m.role}
                      roles={roles}
                      onChange={(role: WorkspaceRole) => changeRole.mutate({ userId: m.userId, role })}
                      disabled={changeRole.isPending}
                      className="h-8 w-36"
                      label={`Role of ${m.email}`}
                    />
                  ) : (
                    <span className="inline-flex items-center gap-1.5 text-muted-foreground">
                      {m.role === "owner" && <Crown className="size-3.5 text-warning" aria-hidden />}
                      {ROLE_LABELS[m.role]}
                    </span>
                  )}
                </TableCell>
                <TableCell className="text-xs text-muted-foreground">{shortDate(m.createdAt)}</TableCell>
                <TableCell>
                  {(actions.remove || actions.leave || actions.transfer) && (
                    <RowActionsMenu
                      label={`Actions for ${m.email}`}
                      actions={[
                        actions.transfer && { label: "Transfer ownership", icon: Crown, onSelect: () => setPending({ kind: "transfer", member: m }) },
                        actions.transfer && (actions.remove || actions.leave) && "separator",
                        actions.remove && { label: "Remove from workspace", icon: UserMinus, onSelect: () => setPending({ kind: "remove", member: m }), destructive: true },
                        actions.leave && { label: "Leave workspace", icon: LogOut, onSelect: () => setPending({ kind: "leave", member: m }), destructive: true },
                      ]}
                    />
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>

      <InviteDialog open={inviting} onOpenChange={setInviting} />
      <ConfirmDialog
        open={pending?.kind === "remove"}
        onOpenChange={(o) => !o && setPending(null)}
        title="Remove member?"
        description={`${pending?.member.email} loses access to ${workspace.name} and its projects. Their tokens for this workspace are revoked.`}
        confirmLabel="Remove member"
        onConfirm={() => pending && remove.mutateAsync(pending.member)}
      />
      <ConfirmDialog
        open={pending?.kind === "transfer"}
        onOpenChange={(o) => !o && setPending(null)}
        title="Transfer ownership?"
        description={`${pending?.member.email} becomes the owner of ${workspace.name}, with billing and deletion rights. You become an admin. Only the new owner can undo this.`}
        confirmLabel="Transfer ownership"
        onConfirm={() => pending && transfer.mutateAsync(pending.member)}
      />
      <ConfirmDialog
        open={pending?.kind === "leave"}
        onOpenChange={(o) => !o && setPending(null)}
        title={`Leave ${workspace.name}?`}
        description="You lose access to its projects, and your tokens for it are revoked. You need a new invitation to come back."
        confirmLabel="Leave workspace"
        onConfirm={() => leave.mutateAsync()}
      />
    </>
  );
}
