import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { GoogleButton, OrDivider } from "@/components/auth/google-button";
import { GoogleOneTap } from "@/components/auth/google-one-tap";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getCurrentUser } from "@/lib/auth/current-user";
import { googleConfig } from "@/lib/auth/google-config";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "password-reset": "Your password was changed and every session signed out. Sign in with the new password.",
  verified: "Your email address is confirmed. Sign in to continue.",
};

// Auth.js sends its errors here as ?error=<type>.
const ERRORS: Record<string, string> = {
  AccessDenied: "Google sign-in was refused: the Google account’s email address must be verified.",
  OAuthAccountNotLinked: "This Google account is already linked to another user.",
  OAuthCallbackError: "Google sign-in was cancelled or did not complete. Try again.",
  Configuration: "Sign-in is not available right now. Try again in a moment.",
};

type Search = Promise<{ callbackUrl?: string; notice?: string; error?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const google = googleConfig();
  const notice = (params.notice && NOTICES[params.notice]) || null;
  const error = params.error ? (ERRORS[params.error] ?? "Sign-in did not complete. Try again.") : null;
  const signUpHref = callbackUrl === "/" ? "/auth/sign-up" : `/auth/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back to AgentRuntime."
      footer={
        <>
          New to AgentRuntime?{" "}
          <Link href={signUpHref} className="font-medium text-foreground underline-offset-4 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {google && (
        <>
          <GoogleOneTap clientId={google.clientId} callbackUrl={callbackUrl} />
          <GoogleButton callbackUrl={callbackUrl} />
          <OrDivider />
        </>
      )}
      <SignInForm callbackUrl={callbackUrl} notice={notice} initialError={error} />
    </AuthCard>
  );
}
