import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { TokensPanel } from "@/components/console/tokens/tokens-panel";
import { PageHeader } from "@/components/console/page-header";
import { AccountPanel } from "@/components/console/settings/account-panel";
import { DataExportPanel } from "@/components/console/settings/data-export-panel";
import { McpConnectPanel } from "@/components/console/settings/mcp-connect-panel";
import { WorkspaceGeneralForm } from "@/components/console/settings/workspace-general-form";
import { AuditRetentionCard } from "@/components/console/lifecycle/audit-retention-card";
import { DeleteWorkspaceCard } from "@/components/console/lifecycle/delete-workspace-card";
import { deletionGraceSeconds, unlimitedRetentionAllowed } from "@/lib/lifecycle/config";
import { cn } from "@/components/ui/cn";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace } from "../../../_lib/load-workspace";
import { requestOrigin } from "../../../_lib/origin";

export const metadata: Metadata = { title: "Settings" };

const TABS = [
  { id: "general", label: "General" },
  { id: "tokens", label: "Tokens" },
  { id: "mcp", label: "MCP" },
  { id: "account", label: "Account" },
  { id: "data", label: "Data" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export default async function SettingsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace: slug } = await params;
  const query = await searchParams;
  const { user, workspace, scope } = await loadWorkspace(slug);
  const requested = typeof query.tab === "string" ? query.tab : "general";
  // The tab was called "apiKeys" before the console said "tokens"; old links still land here.
  if (requested === "apiKeys") redirect(`/w/${workspace.slug}/settings?tab=tokens`);
  const tab: TabId = TABS.some((t) => t.id === requested) ? (requested as TabId) : "general";

  return (
    <>
      <PageHeader title="Settings" description={`Manage ${workspace.name}, your tokens, MCP clients, your account and data exports.`} />
      <nav aria-label="Settings sections" className="mb-6 flex gap-5 border-b">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={t.id === "general" ? `/w/${workspace.slug}/settings` : `/w/${workspace.slug}/settings?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-0.5 pb-2 text-sm font-medium transition-colors",
              t.id === tab ? "border-foreground text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "general" && (
        <>
          <WorkspaceGeneralForm key={workspace.name} />
          <AuditRetentionCard key={`retention-${workspace.auditRetentionDays}`} unlimitedAllowed={unlimitedRetentionAllowed()} />
          <DeleteWorkspaceCard graceSeconds={deletionGraceSeconds()} />
        </>
      )}
      {tab === "tokens" && <TokensPanel />}
      {tab === "mcp" && (
        <McpConnectPanel origin={await requestOrigin()} workspaceSlug={workspace.slug} projects={(await listVisibleProjects(viewerOf(scope), { limit: 200 })).data.map((p) => p.slug)} />
      )}
      {tab === "data" && <DataExportPanel />}
      {tab === "account" && <AccountPanel email={user.email} hasPassword={user.hasPassword} emailVerified={user.emailVerified !== null} />}
    </>
  );
}
