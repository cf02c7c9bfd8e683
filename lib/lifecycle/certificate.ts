import "server-only";
import { compactVerify, createLocalJWKSet } from "jose";
import { platformJwks, signPlatformJws } from "@/lib/platform-keys/platform-keys";
import { appUrl } from "@/lib/mail/config";

// A deletion certificate: what a workspace deletion removed, signed (compact JWS, EdDSA) with the
// platform key whose public half is at /.well-known/agentruntime-keys.json, so anyone holding it
// can check it offline with `jose` (compactVerify + createRemoteJWKSet).

export const CERTIFICATE_TYP = "agentruntime-deletion-certificate+jws";

export type DeletionCertificate = {
  type: "agentruntime.workspace-deletion";
  version: 1;
  issuer: string;
  deletionId: string;
  workspace: { id: string; slug: string };
  requestedAt: string;
  scheduledFor: string;
  completedAt: string;
  /** Rows deleted, per table. */
  counts: Record<string, number>;
  totalRows: number;
  /** The workspace's data key: its fingerprint (null: it never had one) and what destroying it means. */
  shreddedKey: { id: string | null; method: "crypto-shredding: the AES-256 data key (wrapped by the master key) was deleted" };
};

type Source = { id: string; workspaceId: string; workspaceSlug: string; requestedAt: Date; scheduledFor: Date; counts: unknown; shreddedKeyId: string | null };

export function certificatePayload(d: Source, completedAt: Date): DeletionCertificate {
  const entries = Object.entries((d.counts ?? {}) as Record<string, number | string>).map(([k, v]): [string, number] => [k, Number(v)]);
  const counts: Record<string, number> = Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  return {
    type: "agentruntime.workspace-deletion",
    version: 1,
    issuer: new URL(appUrl("/")).origin,
    deletionId: d.id,
    workspace: { id: d.workspaceId, slug: d.workspaceSlug },
    requestedAt: d.requestedAt.toISOString(),
    scheduledFor: d.scheduledFor.toISOString(),
    completedAt: completedAt.toISOString(),
    counts,
    totalRows: Object.values(counts).reduce((a, b) => a + b, 0),
    shreddedKey: { id: d.shreddedKeyId, method: "crypto-shredding: the AES-256 data key (wrapped by the master key) was deleted" },
  };
}

export function signCertificate(payload: DeletionCertificate): Promise<string> {
  return signPlatformJws(payload, CERTIFICATE_TYP);
}

/** Verifies a certificate against the platform's public keys; throws when the signature, key or type is wrong. */
export async function verifyDeletionCertificate(jws: string): Promise<DeletionCertificate> {
  const jwks = createLocalJWKSet(await platformJwks());
  const { payload, protectedHeader } = await compactVerify(jws, jwks, { algorithms: ["EdDSA"] });
  if (protectedHeader.typ !== CERTIFICATE_TYP) throw new Error("not a deletion certificate");
  return JSON.parse(new TextDecoder().decode(payload)) as DeletionCertificate;
}
