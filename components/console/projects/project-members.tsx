"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/core/scope";
import { errorMessage } from "@/lib/client/api";
import { ROLE_LABELS } from "@/lib/client/format";
import { RoleSelect } from "@/components/console/role-select";
import type { MemberDto } from "@/lib/schemas/members";
import type { ProjectDto, ProjectMemberDto } from "@/lib/schemas/projects";
import { SectionHeader } from "../page-header";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";
import { DialogForm } from "../dialog-form";
import { FormActions } from "../form-actions";
import { MemberIdentity } from "../members/member-identity";
import { NewButton } from "../new-button";
import { RemoveButton } from "../remove-button";

type Page<T> = { data: T[]; nextCursor: string | null };

const PROJECT_ROLE_HINTS: Record<ProjectRole, string> = {
  project_admin: "Everything, including members and deletion",
  project_contributor: "Edit workflows, start runs, approve",
  project_viewer: "Read-only",
};

export function ProjectMembers({ project, initialMembers, workspaceMembers }: { project: ProjectDto; initialMembers: Page<ProjectMemberDto>; workspaceMembers: MemberDto[] }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const manage = can("project_member.manage", project.role);
  const base = `/v1/projects/${encodeURIComponent(project.id)}/members`;
  const key = ["project-members", workspace.slug, project.id];
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ProjectMemberDto | null>(null);
  const [newUser, setNewUser] = useState("");
  const [newRole, setNewRole] = useState<ProjectRole>("project_contributor");

  const members = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => call<Page<ProjectMemberDto>>(base, { query: { limit: 200 }, signal }),
    initialData: initialMembers,
  });
  const setRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: ProjectRole }) => call<ProjectMemberDto>(`${base}/${encodeURIComponent(userId)}`, { method: "PUT", body: { role } }),
    onSuccess: (m) => (toast.success("Project role saved", `${m.email} is now ${ROLE_LABELS[m.role].toLowerCase()}`), qc.invalidateQueries({ queryKey: key })),
    onError: (err) => toast.error("Could not change the role", errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => call(`${base}/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: () => (toast.success("Removed from the project"), qc.invalidateQueries({ queryKey: key })),
    onError: (err) => toast.error("Could not remove the member", errorMessage(err)),
  });

  const granted = new Set(members.data.data.map((m) => m.userId));
  // Owners and tenant admins are implicit project admins: only plain members get grants.
  const candidates = workspaceMembers.filter((m) => m.role === "member" && !granted.has(m.userId));
  const implicit = workspaceMembers.filter((m) => m.role !== "member");

  return (
    <section>
      <SectionHeader
        title="Project members"
        description="Members with an explicit role in this project."
        actions={
          manage && (
            <NewButton size="sm" variant="outline" label="Add member" onClick={() => setAdding(true)} />
          )
        }
      />
      {members.isError && <Alert variant="destructive" className="mb-3">{errorMessage(members.error)}</Alert>}
      {members.data.data.length === 0 ? (
        <EmptyState icon={Users} title="No explicit project members" description="Workspace members get access to this project when you add them here." />
      ) : (
        <Table aria-label="Project members">
          <TableColumns columns={["Member", "Project role", { label: "Actions", srOnly: true, className: "w-10" }]} />
          <TableBody>
            {members.data.data.map((m) => (
              <TableRow key={m.userId}>
                <TableCell>
                  <MemberIdentity member={m} />
                </TableCell>
                <TableCell>
                  {manage ? (
                    <RoleSelect value={m.role} roles={PROJECT_ROLES} className="h-8 w-40" label={`Project role of ${m.email}`} disabled={setRole.isPending} onChange={(role: ProjectRole) => setRole.mutate({ userId: m.userId, role })} />
                  ) : (
                    <span className="text-muted-foreground">{ROLE_LABELS[m.role]}</span>
                  )}
                </TableCell>
                <TableCell>
                  {manage && <RemoveButton label={`Remove ${m.email} from the project`} onClick={() => setRemoving(m)} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {implicit.length > 0 && (
        <p className="mt-3 text-xs text-muted-foreground">
          Also project admins through their workspace role: {implicit.map((m) => m.name || m.email).join(", ")}.
        </p>
      )}

      <Dialog open={adding} onOpenChange={(o) => (setAdding(o), o || setNewUser(""))}>
        <DialogContent>
          <DialogForm
            className="grid gap-4"
            title={`Add a member to ${project.name}`}
            description="Only workspace members can be added. Invite people from the Members page first."
            onSubmit={() => newUser && setRole.mutate({ userId: newUser, role: newRole }, { onSuccess: () => (setAdding(false), setNewUser("")) })}
          >
            {candidates.length === 0 ? (
              <p className="text-sm text-muted-foreground">Every workspace member already has access to this project.</p>
            ) : (
              <>
                <Field id="pm-user" label="Member">
                  <Select value={newUser} onValueChange={setNewUser}>
                    <SelectTrigger id="pm-user">
                      <SelectValue placeholder="Choose a member" />
                    </SelectTrigger>
                    <SelectContent>
                      {candidates.map((m) => (
                        <SelectItem key={m.userId} value={m.userId}>
                          {m.name ? `${m.name} (${m.email})` : m.email}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </Field>
                <Field id="pm-role" label="Project role" hint={PROJECT_ROLE_HINTS[newRole]}>
                  <RoleSelect id="pm-role" value={newRole} roles={PROJECT_ROLES} onChange={setNewRole} />
                </Field>
              </>
            )}
            <FormActions submitLabel="Add member" pendingLabel="Adding…" pending={setRole.isPending} disabled={!newUser} onCancel={() => setAdding(false)} />
          </DialogForm>
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title="Remove from project?"
        description={`${removing?.email} loses access to ${project.name}. They stay a member of the workspace.`}
        confirmLabel="Remove"
        onConfirm={() => removing && remove.mutateAsync(removing.userId)}
      />
    </section>
  );
}
