import type { MailMessage } from "./message";
import { appUrl } from "./config";

// Small, plain mails: one purpose, one link, the expiry stated, and what to do if the
// reader did not ask for it. Each has a text part (read by many security-minded users).

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

type Section = { heading: string; paragraphs: string[]; action?: { label: string; url: string }; footer: string };

export function render(to: string, subject: string, s: Section): MailMessage {
  const text = [
    s.heading,
    "",
    ...s.paragraphs.flatMap((p) => [p, ""]),
    ...(s.action ? [`${s.action.label}: ${s.action.url}`, ""] : []),
    s.footer,
    "",
    "— AgentRuntime",
  ].join("\n");
  const button = s.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(s.action.url)}" style="background:#3b4fd8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(s.action.label)}</a></p>
<p style="font-size:13px;color:#555">Or paste this link into your browser:<br><a href="${escapeHtml(s.action.url)}" style="color:#3b4fd8;word-break:break-all">${escapeHtml(s.action.url)}</a></p>`
    : "";
  const html = `<!doctype html><html><body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1c23">
<div style="max-width:520px;margin:0 auto;background:#fff;border:1px solid #e4e6eb;border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-weight:700;font-size:16px">AgentRuntime</p>
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(s.heading)}</h1>
${s.paragraphs.map((p) => `<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(p)}</p>`).join("\n")}
${button}
<p style="font-size:13px;color:#555;margin-top:24px">${escapeHtml(s.footer)}</p>
</div></body></html>`;
  return { to, subject, text, html };
}

export function verifyEmailMail(to: string, token: string): MailMessage {
  return render(to, "Confirm your email address", {
    heading: "Confirm your email address",
    paragraphs: ["Thanks for signing up for AgentRuntime. Confirm that this is your email address to finish creating your account."],
    action: { label: "Confirm email address", url: appUrl(`/auth/verify-email?token=${encodeURIComponent(token)}`) },
    footer: "This link works once and expires in 24 hours. If you did not sign up, you can ignore this email.",
  });
}

/** Sent instead of a verification link when someone signs up with an address already in use. */
export function accountExistsMail(to: string): MailMessage {
  return render(to, "You already have an AgentRuntime account", {
    heading: "You already have an account",
    paragraphs: [
      "Someone (hopefully you) tried to create an AgentRuntime account with this email address, but an account already exists.",
      `Sign in at ${appUrl("/auth/sign-in")}. If you forgot your password, you can reset it there.`,
    ],
    action: { label: "Reset your password", url: appUrl("/auth/forgot-password") },
    footer: "If this was not you, no action is needed: nothing was changed.",
  });
}

export function resetPasswordMail(to: string, token: string): MailMessage {
  return render(to, "Reset your password", {
    heading: "Reset your password",
    paragraphs: ["We received a request to reset the password of your AgentRuntime account. Choose a new password with the link below. Resetting signs you out everywhere."],
    action: { label: "Choose a new password", url: appUrl(`/auth/reset-password?token=${encodeURIComponent(token)}`) },
    footer: "This link works once and expires in 1 hour. If you did not ask for it, ignore this email: your password stays the same.",
  });
}

export function passwordChangedMail(to: string): MailMessage {
  return render(to, "Your password was changed", {
    heading: "Your password was changed",
    paragraphs: [
      "The password of your AgentRuntime account was just changed, and your other sessions were signed out.",
      "If you did not do this, reset your password now and review your account's access tokens.",
    ],
    action: { label: "Reset your password", url: appUrl("/auth/forgot-password") },
    footer: "This is an automatic security notice.",
  });
}
