import type { Metadata } from "next";
import Link from "next/link";
import { CircleCheck } from "lucide-react";
import { AuthCard, linkEndedTitle } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/back-to-sign-in";
import { EmailForm } from "@/components/auth/email-form";
import { buttonVariants } from "@/components/ui/button";
import { resendVerificationAction } from "@/app/auth/actions";
import { ApiError } from "@/lib/core/errors";
import { describeEmailToken } from "@/lib/auth/email-tokens";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { verifyEmail } from "@/lib/auth/verify-email";

// The link token must not travel in a Referer to other sites. "same-origin" rather than
// "no-referrer": with no-referrer, browsers send `Origin: null` and Next refuses our own form posts.
export const metadata: Metadata = { title: "Confirm your email", referrer: "same-origin" };

async function confirm(token: string): Promise<"verified" | "already" | "expired" | "invalid" | "limited"> {
  if (!token) return "invalid";
  try {
    await verifyEmail(token, await currentRequestMeta());
    return "verified";
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.code === "rate_limited") return "limited";
    // Mail scanners often open links before the reader does: a used link on a verified
    // account just means "already done".
    const { state, userVerified } = await describeEmailToken(token, "verify_email");
    if (state === "used" && userVerified) return "already";
    return state === "expired" ? "expired" : "invalid";
  }
}

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const outcome = await confirm((await searchParams).token?.trim() ?? "");

  if (outcome === "verified" || outcome === "already") {
    return (
      <AuthCard title={outcome === "verified" ? "Email confirmed" : "Already confirmed"} description="Your email address is confirmed. You can now sign in.">
        <div className="grid gap-4">
          <div className="flex items-center gap-3 rounded-md bg-success/10 p-3 text-sm">
            <CircleCheck className="size-5 shrink-0 text-success" aria-hidden />
            <span>Thanks — your account is ready.</span>
          </div>
          <Link href="/auth/sign-in?notice=verified" className={buttonVariants({ className: "w-full" })}>
            Continue to sign in
          </Link>
        </div>
      </AuthCard>
    );
  }
  if (outcome === "limited") {
    return (
      <AuthCard title="Please wait a moment" description="Too many confirmation attempts from your network. Open the link again in a few minutes; it stays valid for 24 hours.">
        <Link href="/auth/sign-in" className={buttonVariants({ variant: "outline", className: "w-full" })}>
          Back to sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={linkEndedTitle(outcome === "expired")}
      description={`${outcome === "expired" ? "Confirmation links expire after 24 hours." : "The link was already used, replaced by a newer one, or is incomplete."} Enter your email and we’ll send a new one.`}
      footer={<BackToSignIn />}
    >
      <EmailForm action={resendVerificationAction} submitLabel="Send a new link" pendingLabel="Sending…" />
    </AuthCard>
  );
}
