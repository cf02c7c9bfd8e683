"use client";
import { ChevronsUpDown, LogOut, UserRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import { api, errorMessage } from "@/lib/client/api";
import { useConsole } from "./console-context";
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
      <DropdownMenuTrigger
        className="flex w-full cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 text-left outline-none transition-colors hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring data-[state=open]:bg-muted"
        aria-label="Account menu"
      >
        <UserAvatar name={display} image={user.image} />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{user.name || user.email.split("@")[0]}</span>
          <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
        </span>
        <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      </DropdownMenuTrigger>
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
