import type { MailMessage } from "@/lib/mail/message";

// The invitation mail, in the same plain shape as lib/mail/templates.ts: one purpose, one
// link, the expiry stated, and what to do if the reader did not expect it.
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const ROLE_LABEL = { owner: "owner", tenant_admin: "tenant admin", member: "member" } as const;

export function invitationMail(input: {
  to: string;
  inviter: string;
  workspaceName: string;
  role: keyof typeof ROLE_LABEL;
  url: string;
  expiresAt: Date;
}): MailMessage {
  const subject = `You are invited to join ${input.workspaceName} on AgentRuntime`;
  const intro = `${input.inviter} invited you to join the workspace "${input.workspaceName}" on AgentRuntime as a ${ROLE_LABEL[input.role]}.`;
  const how = `Sign in (or create an account) with ${input.to} to accept.`;
  const footer = `This invitation expires on ${input.expiresAt.toUTCString()}. If you did not expect it, you can ignore this email.`;
  const text = [subject, "", intro, "", how, "", `Accept the invitation: ${input.url}`, "", footer, "", "— AgentRuntime"].join("\n");
  const url = escapeHtml(input.url);
  const html = `<!doctype html><html><body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1c23">
<div style="max-width:520px;margin:0 auto;background:#fff;border:1px solid #e4e6eb;border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-weight:700;font-size:16px">AgentRuntime</p>
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(`Join ${input.workspaceName}`)}</h1>
<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(intro)}</p>
<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(how)}</p>
<p style="margin:24px 0"><a href="${url}" style="background:#3b4fd8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">Accept the invitation</a></p>
<p style="font-size:13px;color:#555">Or paste this link into your browser:<br><a href="${url}" style="color:#3b4fd8;word-break:break-all">${url}</a></p>
<p style="font-size:13px;color:#555;margin-top:24px">${escapeHtml(footer)}</p>
</div></body></html>`;
  return { to: input.to, subject, text, html };
}
