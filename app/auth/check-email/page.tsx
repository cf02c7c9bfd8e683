import type { Metadata } from "next";
import Link from "next/link";
import { MailCheck } from "lucide-react";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/back-to-sign-in";
import { EmailForm } from "@/components/auth/email-form";
import { resendVerificationAction } from "@/app/auth/actions";
import { usesDevOutbox } from "@/lib/core/local-mode";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const reset = (await searchParams).reason === "reset";
  return (
    <AuthCard
      title="Check your email"
      description={
        reset
          ? "If an account exists for that address, we sent it a link to choose a new password. The link works once and expires in 1 hour."
          : "We sent you a link to confirm your email address. It works once and expires in 24 hours."
      }
      footer={<BackToSignIn />}
    >
      <div className="grid gap-5">
        <div className="flex items-center gap-3 rounded-md bg-muted/60 p-3 text-sm text-muted-foreground">
          <MailCheck className="size-5 shrink-0 text-primary" aria-hidden />
          <span>Nothing there? Check your spam folder, or wait a minute and ask for a new link.</span>
        </div>
        {usesDevOutbox() && (
          <p className="text-sm text-muted-foreground">
            Development mode: mail is not sent. Open the{" "}
            <Link href="/dev/mail" className="font-medium text-primary underline-offset-4 hover:underline">
              development outbox
            </Link>
            .
          </p>
        )}
        {reset ? (
          <Link href="/auth/forgot-password" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
            Send another reset link
          </Link>
        ) : (
          <div className="grid gap-2">
            <p className="text-sm font-medium">Send a new confirmation link</p>
            <EmailForm action={resendVerificationAction} submitLabel="Resend link" pendingLabel="Sending…" />
          </div>
        )}
      </div>
    </AuthCard>
  );
}
