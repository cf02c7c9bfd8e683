import type { Metadata } from "next";
import Link from "next/link";
import { CreateWorkspaceForm } from "@/components/console/create-workspace-form";
import { Logo } from "@/components/console/logo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { listWorkspacesForUser } from "@/lib/workspaces/list-for-user";

export const metadata: Metadata = { title: "Create your workspace" };

export default async function OnboardingPage() {
  const user = await requireUser("/onboarding");
  const { data: workspaces } = await listWorkspacesForUser(user.id, { limit: 1 });
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-muted/30 px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle>Create your first workspace</CardTitle>
          <CardDescription>
            A workspace holds your team, projects and tokens. We create a default project in it for you.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreateWorkspaceForm submitLabel="Create workspace" />
        </CardContent>
      </Card>
      <p className="mt-6 text-sm text-muted-foreground">
        Signed in as {user.email}.{" "}
        {workspaces.length > 0 && (
          <Link href="/" className="text-foreground underline underline-offset-2">
            Back to your workspaces
          </Link>
        )}
      </p>
    </main>
  );
}
