"use client";
import { useConsole } from "../console-context";
import { UserAvatar } from "../workspace-avatar";

export function AccountIdentity({ verifiedBadge }: { verifiedBadge: React.ReactNode }) {
  const { user } = useConsole();
  return (
    <div className="flex items-center gap-3">
      <UserAvatar name={user.name || user.email} image={user.image} />
      <div className="min-w-0">
        <p className="truncate text-sm font-medium">{user.name || user.email.split("@")[0]}</p>
        <p className="flex items-center gap-2 truncate text-sm text-muted-foreground">
          {user.email} {verifiedBadge}
        </p>
      </div>
    </div>
  );
}
