import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { logger } from "@/lib/core/logger";
import { emailDomain } from "./policy";

/**
 * Joins a user with a verified email, as `member`, to every workspace that has verified their
 * email's domain and turned on autoJoinVerifiedDomains. Called after email verification and
 * Google sign-in; returns the ids of the workspaces joined (already a member: not listed).
 */
export async function autoJoinVerifiedDomains(userId: string): Promise<string[]> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  if (!user?.emailVerified) return [];
  const domain = emailDomain(user.email);
  const workspaces = await db.workspace.findMany({
    where: {
      autoJoinVerifiedDomains: true,
      domains: { some: { domain, verifiedAt: { not: null } } },
      members: { none: { userId } },
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const joined: string[] = [];
  for (const { id } of workspaces) {
    try {
      await db.$transaction(async (tx) => {
        await tx.workspaceMember.create({ data: { workspaceId: id, userId, role: "member" } });
        await recordAudit(
          {
            workspaceId: id,
            actor: { type: "system", label: "domain auto-join" },
            action: "member.auto_join",
            target: { type: "user", id: userId },
            after: { role: "member" },
            metadata: { domain },
          },
          tx,
        );
      });
      joined.push(id);
    } catch (err) {
      // Joined concurrently (e.g. two sign-ins at once): already a member is the desired state.
      if ((err as { code?: string }).code !== "P2002") logger.error("domain auto-join failed", { userId, workspaceId: id, err });
    }
  }
  return joined;
}
