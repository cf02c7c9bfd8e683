import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { EmailForm } from "@/components/auth/email-form";
import { forgotPasswordAction } from "@/app/auth/actions";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email address of your account and we’ll send you a link to choose a new password."
      footer={
        <Link href="/auth/sign-in" className="font-medium text-foreground underline-offset-4 hover:underline">
          Back to sign in
        </Link>
      }
    >
      <EmailForm action={forgotPasswordAction} submitLabel="Send reset link" pendingLabel="Sending…" />
    </AuthCard>
  );
}
