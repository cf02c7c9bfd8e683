import Link from "next/link";
import { Logo } from "@/components/console/logo";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 px-4 text-center">
      <Logo />
      <div>
        <p className="font-mono text-sm text-muted-foreground">404</p>
        <h1 className="mt-1 text-xl font-semibold">This page does not exist</h1>
        <p className="mt-2 max-w-sm text-sm text-muted-foreground">
          It may have been moved or deleted, or you may not have access to it. Workspaces you are not a member of look exactly like this.
        </p>
      </div>
      <Button asChild variant="outline">
        <Link href="/">Go to your workspace</Link>
      </Button>
    </main>
  );
}
