import { db, type Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";

/** The domain part of an address, lower-case ("Ann@Example.COM" → "example.com"). */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export async function verifiedDomainCount(workspaceId: string, client: Tx = db): Promise<number> {
  return client.domain.count({ where: { workspaceId, verifiedAt: { not: null } } });
}

/** True when the address is on a domain this workspace has verified (exact host match). */
async function isOnVerifiedDomain(workspaceId: string, email: string, client: Tx = db): Promise<boolean> {
  const hit = await client.domain.findFirst({
    where: { workspaceId, domain: emailDomain(email), verifiedAt: { not: null } },
    select: { id: true },
  });
  return hit !== null;
}

/**
 * With restrictToVerifiedDomains on, only addresses on the workspace's verified domains may be
 * invited or join. `who` words the message for the inviter or for the invitee.
 */
export async function assertDomainAllowed(
  workspace: { id: string; restrictToVerifiedDomains: boolean },
  email: string,
  who: "invitee" | "self",
  client: Tx = db,
): Promise<void> {
  if (!workspace.restrictToVerifiedDomains) return;
  if (await isOnVerifiedDomain(workspace.id, email, client)) return;
  const domain = emailDomain(email);
  throw new ApiError(
    "invalid_request",
    who === "invitee"
      ? `This workspace only admits members with an email address on its verified domains, and ${domain} is not one of them`
      : `This workspace only admits members with an email address on its verified domains; your address (${domain}) is not on one`,
    { details: [{ path: "email", message: `${domain} is not a verified domain of this workspace` }] },
  );
}
