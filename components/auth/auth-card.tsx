import Link from "next/link";
import { Logo } from "@/components/console/logo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The frame of every account page: wordmark, one centered card, an optional line below. */
export function AuthCard({ title, description, children, footer }: { title: string; description?: React.ReactNode; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-muted/40 px-4 py-12">
      <Link href="/" className="mb-8 rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" aria-label="AgentRuntime home">
        <Logo className="text-lg" />
      </Link>
      <Card className="w-full max-w-sm shadow-md">
        <CardHeader className="space-y-1 pb-4">
          <CardTitle className="text-xl">
            <h1>{title}</h1>
          </CardTitle>
          {description && <CardDescription>{description}</CardDescription>}
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
      {footer && <div className="mt-6 text-center text-sm text-muted-foreground">{footer}</div>}
    </main>
  );
}

/** The title of the page an emailed link leads to once it no longer works. */
export function linkEndedTitle(expired: boolean): string {
  return expired ? "This link has expired" : "This link no longer works";
}
