import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { GoogleButton, OrDivider } from "@/components/auth/google-button";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getCurrentUser } from "@/lib/auth/current-user";
import { googleConfig } from "@/lib/auth/google-config";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const google = googleConfig();
  return (
    <AuthCard
      title="Create your account"
      description="Govern, run and observe your AI agents in one place."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/auth/sign-in" className="font-medium text-foreground underline-offset-4 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      {google && (
        <>
          <GoogleButton callbackUrl={callbackUrl} label="Sign up with Google" />
          <OrDivider />
        </>
      )}
      <SignUpForm />
      <p className="mt-4 text-xs text-muted-foreground">We’ll email you a link to confirm your address before your first sign-in.</p>
    </AuthCard>
  );
}
