import { intEnv } from "@/lib/core/env";

// The deletion grace window (workspace and account): 24 h, shorter only for tests and demos.
export function deletionGraceSeconds(): number {
  return intEnv("WORKSPACE_DELETION_GRACE_SECONDS", 24 * 3600, { min: 1 });
}

/** Audit retention choices (days); null = unlimited, offered only when AUDIT_RETENTION_UNLIMITED=1 (self-hosted). */
export const AUDIT_RETENTION_DAYS = [30, 90, 365] as const;
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;

export function unlimitedRetentionAllowed(): boolean {
  return process.env.AUDIT_RETENTION_UNLIMITED === "1";
}
