import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/client/format";
import { getInvitationPreview, type InvitationPreview } from "@/lib/invitations/get-invitation-preview";
import { AcceptInvitationButton } from "./accept-button";

// The link carries a secret: keep it out of search engines and caches.
export const metadata: Metadata = { title: "Invitation", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

const CLOSED: Record<Exclude<InvitationPreview["status"], "pending">, string> = {
  accepted: "This invitation has already been accepted.",
  revoked: "This invitation was revoked. Ask a workspace admin for a new one.",
  expired: "This invitation has expired. Ask a workspace admin for a new one.",
};

function Shell({ children }: { children: React.ReactNode }) {
  return <main className="flex min-h-screen items-center justify-center bg-background p-6">{children}</main>;
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [preview, user] = await Promise.all([getInvitationPreview(token), getCurrentUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;

  if (!preview) {
    return (
      <Shell>
        <Card className="w-full max-w-md">
          <CardHeader>
            <CardTitle>Invitation not found</CardTitle>
            <CardDescription>This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.</CardDescription>
          </CardHeader>
        </Card>
      </Shell>
    );
  }

  const emailMatches = user !== null && user.email.toLowerCase() === preview.email.toLowerCase();
  return (
    <Shell>
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardDescription>You are invited to join</CardDescription>
          <CardTitle className="text-2xl">{preview.workspace.name}</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4 text-sm">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="text-muted-foreground">Role</dt>
            <dd>
              <Badge>{ROLE_LABELS[preview.role] ?? preview.role}</Badge>
            </dd>
            {preview.project && (
              <>
                <dt className="text-muted-foreground">Project</dt>
                <dd>
                  {preview.project.name} · {ROLE_LABELS[preview.project.role] ?? preview.project.role}
                </dd>
              </>
            )}
            <dt className="text-muted-foreground">Sent to</dt>
            <dd className="break-all">{preview.email}</dd>
          </dl>
          {preview.status !== "pending" && <Alert variant="destructive">{CLOSED[preview.status]}</Alert>}
          {preview.status === "pending" && user && !emailMatches && (
            <Alert variant="destructive">
              You are signed in as {user.email}. This invitation is for {preview.email}: sign in with that address to accept it.
            </Alert>
          )}
          {preview.status === "pending" && emailMatches && !user.emailVerified && (
            <Alert>Confirm your email address first (check your inbox), then come back to this page.</Alert>
          )}
        </CardContent>
        {preview.status === "pending" && (
          <CardFooter className="flex flex-col gap-3">
            {!user && (
              <>
                <Button asChild className="w-full">
                  <Link href={`/auth/sign-in?callbackUrl=${encodeURIComponent(here)}`}>Sign in to accept</Link>
                </Button>
                <Button asChild variant="outline" className="w-full">
                  <Link href={`/auth/sign-up?email=${encodeURIComponent(preview.email)}&callbackUrl=${encodeURIComponent(here)}`}>Create an account</Link>
                </Button>
              </>
            )}
            {user && !emailMatches && (
              <Button asChild variant="outline" className="w-full">
                <Link href={`/auth/sign-in?callbackUrl=${encodeURIComponent(here)}`}>Use another account</Link>
              </Button>
            )}
            {emailMatches && user.emailVerified && <AcceptInvitationButton token={token} workspaceName={preview.workspace.name} />}
          </CardFooter>
        )}
      </Card>
    </Shell>
  );
}
