import { ArrowRight, FolderKanban, Globe, KeyRound, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { auditSentence } from "@/components/console/audit-labels";
import { PageHeader, SectionHeader } from "@/components/console/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time-ago";
import { listAudit } from "@/lib/audit/list";
import { ROLE_LABELS } from "@/lib/client/format";
import { listMembers } from "@/lib/members/list-members";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace, type WorkspacePageProps } from "../../_lib/load-workspace";
import { requestOrigin } from "../../_lib/origin";
import { workspaceStats } from "@/lib/workspaces/stats";

export const metadata: Metadata = { title: "Overview" };

function Stat({ label, value, hint, href, icon: Icon }: { label: string; value: number; hint?: string; href: string; icon: typeof Users }) {
  return (
    <Link href={href} className="group rounded-lg border bg-card p-4 transition-colors hover:border-foreground/20">
      <div className="flex items-center justify-between text-sm text-muted-foreground">
        {label}
        <Icon className="size-4" aria-hidden />
      </div>
      <p className="mt-2 text-2xl font-semibold tabular-nums">{value}</p>
      {hint && <p className="mt-0.5 text-xs text-muted-foreground">{hint}</p>}
    </Link>
  );
}

export default async function OverviewPage({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { workspace, scope, can } = await loadWorkspace(slug);
  const base = `/w/${workspace.slug}`;
  const [stats, projects, origin, recent, members] = await Promise.all([
    workspaceStats(scope),
    listVisibleProjects(viewerOf(scope), { limit: 6 }),
    requestOrigin(),
    can("audit.read") ? listAudit(workspace.id, { limit: 6 }) : Promise.resolve(null),
    listMembers(workspace.id, { limit: 200 }),
  ]);
  // Audit rows name users by id; show the address people recognise.
  const emails = new Map(members.data.map((m) => [m.userId, m.name || m.email]));
  const token = stats.latestTokenPrefix ? `${stats.latestTokenPrefix}…` : "ar_pat_…";
  const quickStart = [
    stats.latestTokenPrefix ? `# Your newest token starts with ${stats.latestTokenPrefix}` : "# Create a token in Settings → Tokens",
    `export AGENTRUNTIME_TOKEN="${token}"`,
    "",
    `curl -s ${origin}/v1/me \\`,
    `  -H "Authorization: Bearer $AGENTRUNTIME_TOKEN"`,
    "",
    `curl -s ${origin}/v1/projects \\`,
    `  -H "Authorization: Bearer $AGENTRUNTIME_TOKEN" \\`,
    `  -H "X-Tenant-Id: ${workspace.slug}"`,
  ].join("\n");

  return (
    <>
      <PageHeader
        title={workspace.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-xs">{workspace.slug}</code>
            <span aria-hidden>·</span>
            <span>{workspace.role === "owner" ? "You are the owner" : workspace.role === "tenant_admin" ? "You are an admin" : "You are a member"}</span>
          </span>
        }
      />

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Projects" value={projects.data.length + (projects.nextCursor ? 1 : 0)} hint={projects.nextCursor ? "and more" : "you can access"} href={`${base}/projects`} icon={FolderKanban} />
        <Stat label="Members" value={stats.members} hint={stats.pendingInvitations ? `${stats.pendingInvitations} pending invitation${stats.pendingInvitations > 1 ? "s" : ""}` : "in this workspace"} href={`${base}/members`} icon={Users} />
        <Stat label="Your tokens" value={stats.activeTokens} hint="active" href={`${base}/settings?tab=tokens`} icon={KeyRound} />
        <Stat label="Domains" value={stats.domains} hint={`${stats.verifiedDomains} verified`} href={`${base}/domains`} icon={Globe} />
      </div>

      <div className="mt-8 grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
        <section>
          <SectionHeader
            title="Projects"
            actions={
              <Button asChild variant="ghost" size="sm">
                <Link href={`${base}/projects`}>
                  View all <ArrowRight className="size-3.5" aria-hidden />
                </Link>
              </Button>
            }
          />
          {projects.data.length === 0 ? (
            <EmptyState icon={FolderKanban} title="No projects yet" description="You have not been added to a project in this workspace." />
          ) : (
            <ul className="divide-y rounded-lg border bg-card">
              {projects.data.map((p) => (
                <li key={p.id}>
                  <Link href={`${base}/projects/${p.slug}`} className="flex items-center gap-3 px-4 py-3 transition-colors hover:bg-muted/40">
                    <FolderKanban className="size-4 text-muted-foreground" aria-hidden />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium">{p.name}</span>
                      <span className="block truncate font-mono text-xs text-muted-foreground">{p.slug}</span>
                    </span>
                    {p.isDefault && <Badge variant="secondary">Default</Badge>}
                    <Badge variant="outline">{ROLE_LABELS[p.role]}</Badge>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section>
          <SectionHeader
            title="Quick start"
            description="Call the API with a personal access token."
            actions={
              can("token.manage") ? (
                <Button asChild size="sm" variant="outline">
                  <Link href={`${base}/settings?tab=tokens`}>
                    <KeyRound className="size-3.5" aria-hidden /> Create token
                  </Link>
                </Button>
              ) : null
            }
          />
          <CodeBlock code={quickStart} label="Copy quick start" />
          <p className="mt-2 text-xs text-muted-foreground">
            Every endpoint is described in the{" "}
            <Link href={`${base}/api`} className="text-foreground underline underline-offset-2">
              API reference
            </Link>
            .
          </p>
        </section>
      </div>

      {recent && (
        <section className="mt-8">
          <SectionHeader
            title="Recent activity"
            actions={
              <Button asChild variant="ghost" size="sm">
                <Link href={`${base}/audit`}>
                  Audit log <ArrowRight className="size-3.5" aria-hidden />
                </Link>
              </Button>
            }
          />
          {recent.data.length === 0 ? (
            <EmptyState title="No activity yet" />
          ) : (
            <ul className="divide-y rounded-lg border bg-card text-sm">
              {recent.data.map((e) => ({ e, s: auditSentence(e) })).map(({ e, s }) => (
                <li key={e.id} className="flex items-center gap-3 px-4 py-2.5">
                  <span className="min-w-0 flex-1 truncate">
                    <span className="font-medium">{e.actor.name ?? (e.actor.id && emails.get(e.actor.id)) ?? e.actor.label ?? e.actor.type}</span>{" "}
                    <span className="text-muted-foreground">{[s.verb, s.noun].filter(Boolean).join(" ")}</span>
                    {s.name && <span className="font-medium"> {s.name}</span>}
                  </span>
                  <code className="hidden font-mono text-xs text-muted-foreground sm:block">{e.action}</code>
                  <span className="w-24 text-right text-xs text-muted-foreground">
                    <TimeAgo value={e.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
