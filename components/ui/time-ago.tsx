"use client";
import { absoluteTime, relativeTime } from "@/lib/client/format";

/** Relative time with the exact time on hover; the server and client may differ by seconds. */
export function TimeAgo({ value, fallback = "—" }: { value: string | Date | null | undefined; fallback?: string }) {
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} title={absoluteTime(value)} suppressHydrationWarning>
      {relativeTime(value)}
    </time>
  );
}
