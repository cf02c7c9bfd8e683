import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard, linkEndedTitle } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { buttonVariants } from "@/components/ui/button";
import { describeEmailToken } from "@/lib/auth/email-tokens";

// The link token must not travel in a Referer to other sites. "same-origin" rather than
// "no-referrer": with no-referrer, browsers send `Origin: null` and Next refuses our own form posts.
export const metadata: Metadata = { title: "Choose a new password", referrer: "same-origin" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const token = (await searchParams).token?.trim() ?? "";
  const { state } = token ? await describeEmailToken(token, "reset_password") : { state: "unknown" as const };

  if (state !== "live") {
    return (
      <AuthCard
        title={linkEndedTitle(state === "expired")}
        description={
          state === "used"
            ? "This reset link was already used. Each link works once."
            : state === "expired"
              ? "Reset links expire after 1 hour."
              : "The link is incomplete or was replaced by a newer one."
        }
      >
        <Link href="/auth/forgot-password" className={buttonVariants({ className: "w-full" })}>
          Send a new reset link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" description="After this, every session of your account is signed out.">
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
