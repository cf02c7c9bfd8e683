"use client";
import { ChevronsUpDown } from "lucide-react";
import { DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { cn } from "@/components/ui/cn";

/** The full-width sidebar button that opens a menu: an avatar, two lines of text and a chevron. */
export function SidebarMenuTrigger({ label, avatar, title, subtitle, titleClassName }: { label: string; avatar: React.ReactNode; title: string; subtitle: string; titleClassName: string }) {
  return (
    <DropdownMenuTrigger
      className="flex w-full cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 text-left outline-none transition-colors hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring data-[state=open]:bg-muted"
      aria-label={label}
    >
      {avatar}
      <span className="min-w-0 flex-1">
        <span className={cn("block truncate text-sm", titleClassName)}>{title}</span>
        <span className="block truncate text-xs text-muted-foreground">{subtitle}</span>
      </span>
      <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
    </DropdownMenuTrigger>
  );
}
