import { cn } from "@/components/ui/cn";
import { UserAvatar } from "../workspace-avatar";

/** Avatar, name (or email) and email: the first cell of a member row. */
export function MemberIdentity({ member, badge }: { member: { name: string | null; email: string; image?: string | null }; badge?: React.ReactNode }) {
  const name = member.name || member.email;
  return (
    <div className="flex items-center gap-2.5">
      <UserAvatar name={name} image={member.image} size="sm" />
      <div className="min-w-0">
        <div className={cn("truncate font-medium", badge !== undefined && "flex items-center gap-2")}>
          {name}
          {badge}
        </div>
        {member.name && <div className="truncate text-xs text-muted-foreground">{member.email}</div>}
      </div>
    </div>
  );
}
