import { render } from "@/lib/mail/templates";
import { appUrl } from "@/lib/mail/config";
import type { MailMessage } from "@/lib/mail/message";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";

export function workspaceDeletionScheduledMail(to: string, ws: { slug: string; name: string }, scheduledFor: Date): MailMessage {
  return render(to, `Workspace ${ws.name} is scheduled for deletion`, {
    heading: `Workspace ${ws.name} will be deleted`,
    paragraphs: [
      `The owner of ${ws.name} (${ws.slug}) asked to delete it. Everything it holds — projects, workflows, runs, connections, agents, tokens and its audit log — will be deleted on ${when(scheduledFor)}, and its encryption key destroyed.`,
      "Until then the workspace starts no runs and its API tokens stop working. The owner can cancel the deletion in Settings.",
    ],
    action: { label: "Open the workspace", url: appUrl(`/w/${ws.slug}/settings`) },
    footer: "If you need data from this workspace, ask its owner for an export before the deletion.",
  });
}

export function workspaceDeletionCanceledMail(to: string, ws: { slug: string; name: string }): MailMessage {
  return render(to, `Deletion of ${ws.name} canceled`, {
    heading: `${ws.name} will not be deleted`,
    paragraphs: [`The owner canceled the deletion of ${ws.name} (${ws.slug}). Runs and API tokens work again.`],
    footer: "Nothing was deleted.",
  });
}

export function deletionCertificateMail(to: string, ws: { slug: string }, certificate: string): MailMessage {
  return render(to, `Deletion certificate for ${ws.slug}`, {
    heading: `Workspace ${ws.slug} has been deleted`,
    paragraphs: [
      "Every row of the workspace was deleted and its data key destroyed (crypto-shredding). Below is the deletion certificate: a JWS signed with the platform's Ed25519 key. Verify it against the public keys at /.well-known/agentruntime-keys.json.",
      certificate,
    ],
    footer: "Keep this mail as your record of the deletion. You can also fetch the certificate from GET /v1/me/deletion-certificates.",
  });
}

export function accountDeletionScheduledMail(to: string, scheduledFor: Date): MailMessage {
  return render(to, "Your account is scheduled for deletion", {
    heading: "Your account will be deleted",
    paragraphs: [
      `You asked to delete your AgentRuntime account. It will be deleted on ${when(scheduledFor)}. Your API tokens have been revoked.`,
      "Until then you can cancel from your account page.",
    ],
    action: { label: "Open your account", url: appUrl("/account") },
    footer: "If you did not ask for this, sign in and cancel the deletion, then change your password.",
  });
}
