"use client";
import { LogOut, UserRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import { api, errorMessage } from "@/lib/client/api";
import { useConsole } from "./console-context";
import { SidebarMenuTrigger } from "./sidebar-menu-trigger";
import { UserAvatar } from "./workspace-avatar";

export function UserMenu() {
  const { user, workspace } = useConsole();
  const [signingOut, setSigningOut] = useState(false);
  const display = user.name || user.email;

  async function signOut() {
    setSigningOut(true);
    try {
      await api("/v1/auth/signout", { method: "POST" });
      // A full navigation drops every cached page and query of the signed-in user.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- deliberate full reload
      window.location.assign("/auth/sign-in");
    } catch (err) {
      setSigningOut(false);
      toast.error("Could not sign out", errorMessage(err));
    }
  }

  return (
    <DropdownMenu>
      <SidebarMenuTrigger
        label="Account menu"
        avatar={<UserAvatar name={display} image={user.image} />}
        title={user.name || user.email.split("@")[0]}
        titleClassName="font-medium"
        subtitle={user.email}
      />
      <DropdownMenuContent side="top" align="start" className="w-60">
        <DropdownMenuLabel className="truncate">{user.email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href={`/w/${workspace.slug}/settings?tab=account`}>
            <UserRound />
            Account settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem disabled={signingOut} onSelect={() => void signOut()}>
          <LogOut />
          {signingOut ? "Signing out…" : "Sign out"}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
