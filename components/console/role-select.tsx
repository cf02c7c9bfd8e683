"use client";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ProjectRole, WorkspaceRole } from "@/lib/authz/permissions";
import { ROLE_LABELS } from "@/lib/client/format";

type Role = WorkspaceRole | ProjectRole;

/** One picker for workspace and project roles; callers pass only the roles they may assign. */
export function RoleSelect<R extends Role>({
  id,
  value,
  roles,
  onChange,
  disabled,
  label,
  className,
}: {
  id?: string;
  value: R;
  roles: readonly R[];
  onChange: (role: R) => void;
  disabled?: boolean;
  label?: string;
  className?: string;
}) {
  return (
    <Select value={value} onValueChange={(v) => onChange(v as R)} disabled={disabled}>
      <SelectTrigger id={id} className={className} aria-label={label}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {roles.map((r) => (
          <SelectItem key={r} value={r}>
            {ROLE_LABELS[r]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
