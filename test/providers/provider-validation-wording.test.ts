// Validation failures say what is wrong and whose URL it is: a provider without a base URL uses
// the vendor's, and a host name that does not resolve is a network problem, not a refusal.
import { describe, expect, it } from "vitest";
import { listVendorModels } from "@/lib/llm/list-vendor-models";

describe("provider validation wording", () => {
  it("no base URL set: names the vendor's default API and says its host does not resolve", async () => {
    // .invalid never resolves (RFC 6761).
    const r = await listVendorModels("openai", "https://api.example.invalid/v1", "sk-test", { vendorDefault: true });
    expect(r.ok).toBe(false);
    const reason = (r as { reason: string }).reason;
    expect(reason).toBe(
      "No base URL is set, so the vendor's API (https://api.example.invalid/v1) is used, and it cannot be reached: the host name api.example.invalid does not resolve. Check the URL, or this server's DNS and outbound network access.",
    );
    expect(reason).not.toMatch(/refused/i);
  });

  it("a base URL of the provider's own on a private address says so, and how an operator can allow it", async () => {
    const r = await listVendorModels("openai_compatible", "http://10.1.2.3:8080/v1", "sk-test");
    expect((r as { reason: string }).reason).toBe(
      "The base URL http://10.1.2.3:8080/v1 points to a private, loopback or link-local address, which providers may not call unless the operator allows the host (EGRESS_ALLOWED_HOSTS).",
    );
  });
});
