import { createHash, randomBytes } from "node:crypto";

// Invitation links carry 256 random bits; only their SHA-256 is stored, so a database
// leak does not hand out working invitations.
export function generateInviteToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export const INVITE_PATH = "/invite/";
