"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { useCan, useConsole } from "./console-context";
import { NAV_ITEMS, type NavItem } from "./nav-items";

// A project's own pages (/projects/<p>/<section>/…) belong to the section's entry, not to
// Projects: /projects/<p>/agents lights Agents, /projects/<p>/runs the Command Center.
const PROJECT_SECTION = /^\/projects\/[^/]+\/([^/?]+)(.*)$/;
const SECTION_ENTRY: Record<string, string> = { runs: "command-center", approvals: "command-center" };

function sectionPath(base: string, pathname: string): string {
  const m = pathname.startsWith(`${base}/`) ? PROJECT_SECTION.exec(pathname.slice(base.length)) : null;
  return m ? `${base}/${SECTION_ENTRY[m[1]] ?? m[1]}${m[2]}` : pathname;
}

export function isActive(item: NavItem, base: string, rawPathname: string, tab: string | null): boolean {
  const pathname = sectionPath(base, rawPathname);
  const [path, query] = item.href.split("?");
  const full = base + path;
  if (query) return pathname === full && new URLSearchParams(query).get("tab") === tab;
  if (item.exact) return pathname === full;
  // Settings without a tab query owns the settings page, except the tokens tab.
  if (path === "/settings") return pathname === full && tab !== "tokens";
  return pathname === full || pathname.startsWith(`${full}/`);
}

export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { workspace } = useConsole();
  const can = useCan();
  const pathname = usePathname();
  const tab = useSearchParams().get("tab");
  const base = `/w/${workspace.slug}`;
  return (
    <nav aria-label="Main" className="grid gap-0.5">
      {NAV_ITEMS.filter((i) => !i.requires || can(i.requires)).map((item) => {
        const active = isActive(item, base, pathname, tab);
        const Icon = item.icon;
        return (
          <Link
            key={item.label}
            href={base + item.href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              active ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:bg-muted/60 hover:text-foreground",
            )}
          >
            <Icon className="size-4 shrink-0" aria-hidden />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
