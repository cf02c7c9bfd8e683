"use client";
import { OptionSelect } from "@/components/ui/select";
import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";
import { ROLE_LABELS } from "@/lib/client/format";

type Role = WorkspaceRole | ProjectRole;

/** One picker for workspace and project roles; callers pass only the roles they may assign. */
export function RoleSelect<R extends Role>({
  roles,
  onChange,
  ...rest
}: {
  id?: string;
  value: R;
  roles: readonly R[];
  onChange: (role: R) => void;
  disabled?: boolean;
  label?: string;
  className?: string;
}) {
  return <OptionSelect {...rest} options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} onValueChange={onChange} />;
}
