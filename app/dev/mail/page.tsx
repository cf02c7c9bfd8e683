import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Inbox } from "lucide-react";
import { Logo } from "@/components/console/logo";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { headers } from "next/headers";
import { listOutbox } from "@/lib/mail/outbox";
import { devOutboxVisibleTo, waitForQueuedMail } from "@/lib/mail/dev-outbox";

export const metadata: Metadata = { title: "Development outbox", robots: { index: false } };
export const dynamic = "force-dynamic";

// Mail written to .data/mail when no SMTP_URL is configured, in local mode (lib/core/local-mode.ts).
// Anywhere else, or for a client that is not on this machine, the page does not exist (it
// would show other people's sign-in links).

function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="whitespace-pre-wrap break-words font-sans text-sm leading-relaxed">
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part} className="break-all font-medium text-primary underline underline-offset-4">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export default async function DevMailPage() {
  if (!devOutboxVisibleTo(await headers())) notFound();
  await waitForQueuedMail();
  const messages = await listOutbox();
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <div className="mb-8 flex items-center justify-between">
        <Logo />
        <Badge variant="warning">Development</Badge>
      </div>
      <h1 className="text-2xl font-semibold tracking-tight">Outbox</h1>
      <p className="mt-1 text-sm text-muted-foreground">
        Without <code className="font-mono">SMTP_URL</code>, mail is written to <code className="font-mono">.data/mail/</code> and listed here, newest first.
      </p>
      {messages.length === 0 ? (
        <div className="mt-10 flex flex-col items-center gap-2 rounded-lg border border-dashed p-10 text-center text-sm text-muted-foreground">
          <Inbox className="size-6" aria-hidden />
          No mail yet. Sign up or ask for a password reset to see one here.
        </div>
      ) : (
        <ul className="mt-6 grid gap-4">
          {messages.map((m) => (
            <li key={m.id}>
              <Card>
                <CardHeader className="gap-1 pb-3">
                  <h2 className="text-base font-semibold">{m.subject}</h2>
                  <p className="text-xs text-muted-foreground">
                    To <span className="font-medium text-foreground">{m.to}</span> · <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" })}</time>
                  </p>
                </CardHeader>
                <CardContent className="grid gap-3">
                  <Linkified text={m.text} />
                  <details className="text-sm">
                    <summary className="cursor-pointer text-muted-foreground hover:text-foreground">HTML version</summary>
                    {/* Sandboxed: no scripts, no same-origin access. */}
                    <iframe title={`HTML of “${m.subject}”`} srcDoc={m.html} sandbox="allow-popups allow-popups-to-escape-sandbox" className="mt-2 h-[28rem] w-full rounded-md border bg-white" />
                  </details>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
