"use client";
import { FormError } from "@/components/console/form-error";
import { useQueryClient } from "@tanstack/react-query";
import { CircleCheck, MailWarning } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { assignableWorkspaceRoles } from "@/lib/authz/permissions";
import { PROJECT_ROLES, type ProjectRole, type WorkspaceRole } from "@/lib/core/scope";
import { RoleSelect } from "@/components/console/role-select";
import { createInvitationBody, type createdInvitationResponse } from "@/lib/schemas/invitations";
import type { z } from "zod";
import { useConsole, useWorkspaceApi } from "../console-context";
import { DialogForm } from "../dialog-form";
import { FormActions } from "../form-actions";
import { useFormMutation } from "../use-form-mutation";

type CreatedInvitation = z.infer<typeof createdInvitationResponse>;
const NO_PROJECT = "__none";

const ROLE_HINTS: Partial<Record<WorkspaceRole, string>> = {
  tenant_admin: "Manages members, projects, domains and settings; admin on every project.",
  member: "No project access until added to a project (you can grant one below).",
};

export function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const { workspace, projects } = useConsole();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const roles = assignableWorkspaceRoles(workspace.role);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<WorkspaceRole>("member");
  const [project, setProject] = useState(NO_PROJECT);
  const [projectRole, setProjectRole] = useState<ProjectRole>("project_contributor");
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const { errors, submit, reset, mutation: invite } = useFormMutation({
    schema: createInvitationBody,
    mutationFn: (body) => call<CreatedInvitation>("/v1/invitations", { method: "POST", body }),
    onSuccess: (inv) => {
      setCreated(inv);
      if (inv.emailSent) toast.success("Invitation sent", `We emailed ${inv.email}.`);
      else toast.error("Invitation created, but the email was not sent", `Share the link with ${inv.email}.`);
      void qc.invalidateQueries({ queryKey: ["invitations", workspace.slug] });
    },
  });

  function close() {
    onOpenChange(false);
    setEmail("");
    setRole("member");
    setProject(NO_PROJECT);
    setCreated(null);
    reset();
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (o ? onOpenChange(true) : close())}>
      <DialogContent>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                {created.emailSent ? (
                  <>
                    <CircleCheck className="size-5 text-success" aria-hidden /> Invitation sent
                  </>
                ) : (
                  <>
                    <MailWarning className="size-5 text-warning" aria-hidden /> Invitation created — email not sent
                  </>
                )}
              </DialogTitle>
              <DialogDescription>
                {created.emailSent ? `We emailed an invitation to ${created.email}.` : `The email could not be sent; share this link with ${created.email}.`} The link works once and
                expires {new Date(created.expiresAt).toLocaleDateString("en", { month: "short", day: "numeric" })}.
              </DialogDescription>
            </DialogHeader>
            <CopyField label="Invitation link" value={created.inviteUrl} />
            <DialogFooter>
              <Button variant="outline" onClick={() => (setCreated(null), setEmail(""), invite.reset())}>
                Invite another
              </Button>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <DialogForm
            className="grid gap-4"
            title="Invite a member"
            description={`They get an email with a link to join ${workspace.name}.`}
            onSubmit={() => submit({ email, role, ...(role === "member" && project !== NO_PROJECT ? { projectId: project, projectRole } : {}) })}
          >
            <Field id="invite-email" label="Email address" error={errors.email}>
              <Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="teammate@company.com" autoComplete="off" autoFocus />
            </Field>
            <Field id="invite-role" label="Workspace role" error={errors.role} hint={ROLE_HINTS[role]}>
              <RoleSelect id="invite-role" value={role} roles={roles} onChange={setRole} />
            </Field>
            {role === "member" && projects.length > 0 && (
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="invite-project" label="Project (optional)" error={errors.projectId}>
                  <OptionSelect
                    id="invite-project"
                    value={project}
                    onValueChange={setProject}
                    options={[{ value: NO_PROJECT, label: "No project" }, ...projects.map((p) => ({ value: p.id, label: p.name }))]}
                  />
                </Field>
                <Field id="invite-project-role" label="Project role" error={errors.projectRole}>
                  <RoleSelect id="invite-project-role" value={projectRole} roles={PROJECT_ROLES} onChange={setProjectRole} disabled={project === NO_PROJECT} />
                </Field>
              </div>
            )}
            <FormError error={invite.error} />
            <FormActions submitLabel="Send invitation" pendingLabel="Sending…" pending={invite.isPending} onCancel={close} />
          </DialogForm>
        )}
      </DialogContent>
    </Dialog>
  );
}
