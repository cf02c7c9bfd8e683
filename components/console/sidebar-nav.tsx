"use client";
import Link from "next/link";
import { Fragment } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { useCan, useConsole } from "./console-context";
import { NAV_ITEMS, type NavItem } from "./nav-items";

// A project's own pages (/projects/<p>/<section>/…) belong to the section's entry, not to
// Projects: /projects/<p>/agents lights Agents, /projects/<p>/runs the Command Center and
// /projects/<p>/approvals Approvals (the Command Center's approvals view).
const PROJECT_SECTION = /^\/projects\/[^/]+\/([^/?]+)(.*)$/;
const SECTION_ENTRY: Record<string, { path: string; query?: Record<string, string> }> = {
  runs: { path: "command-center" },
  approvals: { path: "command-center", query: { view: "approvals" } },
};

/** The page as the sidebar sees it: a project section moved to its entry's path and query. */
function sidebarLocation(base: string, pathname: string, search: URLSearchParams): { pathname: string; search: URLSearchParams } {
  const m = pathname.startsWith(`${base}/`) ? PROJECT_SECTION.exec(pathname.slice(base.length)) : null;
  if (!m) return { pathname, search };
  const entry = SECTION_ENTRY[m[1]];
  if (!entry) return { pathname: `${base}/${m[1]}${m[2]}`, search };
  return { pathname: `${base}/${entry.path}${m[2]}`, search: new URLSearchParams(entry.query) };
}

/** Whether `item` is the sidebar entry of the page at `rawPathname` with query `rawSearch`. */
export function isActive(item: NavItem, base: string, rawPathname: string, rawSearch: URLSearchParams = new URLSearchParams()): boolean {
  const { pathname, search } = sidebarLocation(base, rawPathname, rawSearch);
  const [path, query] = item.href.split("?");
  const full = base + path;
  // An entry with a query (Tokens, Approvals) owns its page only with that query; the entry
  // without one (Settings, Command Center) owns the page when no other entry's query is there.
  if (query) return pathname === full && [...new URLSearchParams(query)].every(([k, v]) => search.get(k) === v);
  const claimedBySibling = NAV_ITEMS.some((other) => {
    const [otherPath, otherQuery] = other.href.split("?");
    return otherQuery && otherPath === path && [...new URLSearchParams(otherQuery)].every(([k, v]) => search.get(k) === v);
  });
  if (item.exact) return pathname === full && !claimedBySibling;
  if (claimedBySibling && pathname === full) return false;
  return pathname === full || pathname.startsWith(`${full}/`);
}

export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { workspace } = useConsole();
  const can = useCan();
  const pathname = usePathname();
  const search = useSearchParams();
  const base = `/w/${workspace.slug}`;
  return (
    <nav aria-label="Main" className="grid gap-0.5">
      {NAV_ITEMS.filter((i) => !i.requires || can(i.requires)).map((item, index, shown) => {
        const active = isActive(item, base, pathname, new URLSearchParams(search.toString()));
        const Icon = item.icon;
        // Project-scoped entries sit under a heading that says so; the workspace's own under another.
        const heading = item.project && !shown[index - 1]?.project ? "In the project" : !item.project && shown[index - 1]?.project ? "Workspace" : null;
        return (
          <Fragment key={item.label}>
            {heading && (
              <div className="mt-3 px-2 pb-1 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
                {heading}
              </div>
            )}
            <Link
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
          </Fragment>
        );
      })}
    </nav>
  );
}
