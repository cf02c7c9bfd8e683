import Link from "next/link";
import { cn } from "@/components/ui/cn";

type Section = "runs" | "approvals";
const SECTIONS: { value: Section; label: string }[] = [
  { value: "runs", label: "Runs" },
  { value: "approvals", label: "Approvals" },
];

function Pill({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("rounded-md px-2.5 py-1 text-sm", active ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground")}
    >
      {children}
    </Link>
  );
}

/** Runs ↔ Approvals of a project, and the same section in the workspace's other projects. */
export function ProjectTabs({ base, current, projects, workspace }: { base: string; current: Section; projects: { id: string; slug: string; name: string }[]; workspace: string }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
      <nav aria-label="Command Center" className="flex gap-1">
        {SECTIONS.map((s) => (
          <Pill key={s.value} href={`${base}/${s.value}`} active={s.value === current}>
            {s.label}
          </Pill>
        ))}
      </nav>
      {projects.length > 1 && (
        <nav aria-label="Project" className="flex flex-wrap gap-1">
          {projects.map((p) => (
            <Pill key={p.id} href={`/w/${workspace}/projects/${p.slug}/${current}`} active={base.endsWith(`/projects/${p.slug}`)}>
              {p.name}
            </Pill>
          ))}
        </nav>
      )}
    </div>
  );
}
