import { z } from "zod";

// A registrable host name: labels of letters, digits and inner hyphens, at least one dot,
// an alphabetic TLD. No scheme, port, path or wildcard; stored lower-case without a trailing dot.
const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .max(253, "Must be at most 253 characters")
      .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, "Must be a domain name such as example.com"),
  );

export const createDomainBody = z.strictObject({ domain: domainName });
export type CreateDomainInput = z.infer<typeof createDomainBody>;

export const domainResponse = z.object({
  id: z.string(),
  domain: z.string(),
  verified: z.boolean(),
  verifiedAt: z.iso.datetime().nullable(),
  lastCheckedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The DNS record to publish; its value is public by design (it sits in DNS). */
  txtRecord: z.object({ type: z.literal("TXT"), name: z.string(), value: z.string() }),
});
export type DomainDto = z.infer<typeof domainResponse>;
