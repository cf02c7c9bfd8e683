"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api, ApiRequestError } from "@/lib/client/api";

export function AcceptInvitationButton({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setPending(true);
    setError(null);
    try {
      const res = await api<{ workspace: { slug: string } }>("/v1/invitations/accept", { method: "POST", body: { token } });
      router.replace(`/w/${res.workspace.slug}`);
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiRequestError ? err.message : "Something went wrong. Try again.");
      setPending(false);
    }
  }

  return (
    <div className="flex w-full flex-col gap-3">
      {error && <Alert variant="destructive">{error}</Alert>}
      <Button onClick={accept} disabled={pending} className="w-full">
        {pending ? "Joining…" : `Join ${workspaceName}`}
      </Button>
    </div>
  );
}
