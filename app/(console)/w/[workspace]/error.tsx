"use client";
import { CircleAlert } from "lucide-react";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

// A failed page keeps the sidebar, so the user can go elsewhere or retry. The digest is the
// server log's reference; the message itself is never shown.
export default function WorkspaceError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <EmptyState
      icon={CircleAlert}
      title="This page could not be loaded"
      description={
        <>
          Try again in a moment.
          {error.digest && <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span>}
        </>
      }
      action={<Button onClick={reset}>Try again</Button>}
      className="mt-8"
    />
  );
}
