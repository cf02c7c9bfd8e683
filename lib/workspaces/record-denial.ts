import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { ApiError } from "@/lib/api/errors";
import type { RequestMeta } from "@/lib/http/request-context";

// Routes outside withWorkspace deny by themselves; denials are audited like the wrapper's.
export async function deny(
  by: { actor: AuditActor; meta?: RequestMeta | null; req?: Request },
  attempted: string,
  error: ApiError,
  workspaceId: string | null = null,
): Promise<never> {
  await recordAudit({
    workspaceId,
    actor: by.actor,
    action: "authz.denied",
    metadata: {
      attempted,
      reason: error.code,
      ...(by.req ? { method: by.req.method, path: new URL(by.req.url).pathname } : {}),
    },
    request: by.meta ?? null,
  });
  throw error;
}
