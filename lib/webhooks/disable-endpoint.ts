import { recordAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { appUrl } from "@/lib/mail/config";
import type { MailMessage } from "@/lib/mail/message";
import { sendMail } from "@/lib/mail/send";

// An endpoint whose automatic attempts have failed without a single success for the
// configured time (3 days) stops receiving: it is disabled with a reason, the change is
// audited, and the people who can fix it are told by mail.

type Endpoint = { id: string; workspaceId: string; projectId: string; url: string };

export function disabledReasonFor(failingSince: Date): string {
  return `Disabled automatically: every delivery attempt has failed since ${failingSince.toISOString()}. Fix the endpoint, then enable it again.`;
}

/** Disables the endpoint if it is still enabled; true when this call did it (so exactly one caller notifies). */
export async function disableFailingEndpoint(tx: Tx, endpoint: Endpoint, failingSince: Date): Promise<boolean> {
  const reason = disabledReasonFor(failingSince);
  const { count } = await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, enabled: true }, data: { enabled: false, disabledReason: reason } });
  if (count === 0) return false;
  await recordAudit(
    {
      workspaceId: endpoint.workspaceId,
      projectId: endpoint.projectId,
      actor: { type: "system", label: "webhook-delivery" },
      action: "webhook.disabled",
      target: { type: "webhook_endpoint", id: endpoint.id },
      before: { enabled: true },
      after: { enabled: false, disabledReason: reason },
      metadata: { url: endpoint.url, failingSince: failingSince.toISOString() },
    },
    tx,
  );
  return true;
}

/** The workspace owner, tenant admins and the project's admins: everyone who can re-enable it. */
async function endpointAdminEmails(endpoint: Pick<Endpoint, "workspaceId" | "projectId">): Promise<string[]> {
  const [workspaceAdmins, projectAdmins] = await Promise.all([
    db.workspaceMember.findMany({ where: { workspaceId: endpoint.workspaceId, role: { in: ["owner", "tenant_admin"] } }, select: { user: { select: { email: true } } } }),
    db.projectMember.findMany({
      where: { workspaceId: endpoint.workspaceId, projectId: endpoint.projectId, role: "project_admin", user: { memberships: { some: { workspaceId: endpoint.workspaceId } } } },
      select: { user: { select: { email: true } } },
    }),
  ]);
  return [...new Set([...workspaceAdmins, ...projectAdmins].map((m) => m.user.email))].sort();
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function endpointDisabledMail(to: string, info: { url: string; workspaceSlug: string; projectSlug: string; endpointId: string; reason: string }): MailMessage {
  const link = appUrl(`/w/${encodeURIComponent(info.workspaceSlug)}/projects/${encodeURIComponent(info.projectSlug)}/webhooks/${encodeURIComponent(info.endpointId)}`);
  const lines = [
    `The webhook endpoint ${info.url} (project ${info.projectSlug}) was disabled.`,
    info.reason,
    "Events are no longer sent to it. Deliveries that failed can be sent again from the delivery log once the endpoint works.",
  ];
  const text = ["A webhook endpoint was disabled", "", ...lines.flatMap((l) => [l, ""]), `Open the endpoint: ${link}`, "", "— AgentRuntime"].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1c23;padding:24px"><h1 style="font-size:20px">A webhook endpoint was disabled</h1>${lines
    .map((l) => `<p style="font-size:15px;line-height:1.5">${escapeHtml(l)}</p>`)
    .join("")}<p><a href="${escapeHtml(link)}">Open the endpoint</a></p><p style="color:#555;font-size:13px">— AgentRuntime</p></body></html>`;
  return { to, subject: "A webhook endpoint was disabled", text, html };
}

/** Mails everyone who can fix the endpoint. Runs after the disabling commit; a mail failure is logged, not raised. */
export async function notifyEndpointDisabled(endpoint: Endpoint, reason: string): Promise<string[]> {
  const [recipients, project] = await Promise.all([
    endpointAdminEmails(endpoint),
    db.project.findFirst({ where: { id: endpoint.projectId, workspaceId: endpoint.workspaceId }, select: { slug: true, workspace: { select: { slug: true } } } }),
  ]);
  if (!project) return [];
  for (const to of recipients) {
    try {
      await sendMail(endpointDisabledMail(to, { url: endpoint.url, workspaceSlug: project.workspace.slug, projectSlug: project.slug, endpointId: endpoint.id, reason }));
    } catch (err) {
      logger.error("webhook disabled mail failed", { endpointId: endpoint.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return recipients;
}
