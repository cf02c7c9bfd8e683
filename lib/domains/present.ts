import type { DomainDto } from "@/lib/schemas/domains";

type Row = { id: string; domain: string; verifyToken: string; verifiedAt: Date | null; lastCheckedAt: Date | null; createdAt: Date };

const TXT_PREFIX = "_agentruntime.";
const TXT_VALUE_PREFIX = "agentruntime-verification=";

export function txtRecord(d: Pick<Row, "domain" | "verifyToken">) {
  return { type: "TXT" as const, name: `${TXT_PREFIX}${d.domain}`, value: `${TXT_VALUE_PREFIX}${d.verifyToken}` };
}

export function presentDomain(d: Row): DomainDto {
  return {
    id: d.id,
    domain: d.domain,
    verified: d.verifiedAt !== null,
    verifiedAt: d.verifiedAt?.toISOString() ?? null,
    lastCheckedAt: d.lastCheckedAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    txtRecord: txtRecord(d),
  };
}
