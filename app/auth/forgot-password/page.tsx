import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/back-to-sign-in";
import { EmailForm } from "@/components/auth/email-form";
import { forgotPasswordAction } from "@/app/auth/actions";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email address of your account and we’ll send you a link to choose a new password."
      footer={<BackToSignIn />}
    >
      <EmailForm action={forgotPasswordAction} submitLabel="Send reset link" pendingLabel="Sending…" />
    </AuthCard>
  );
}
