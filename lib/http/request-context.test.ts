import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "./request-context";

describe("clientIp", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });

  it("takes the address appended by the nearest proxy, ignoring entries the client forged", () => {
    expect(clientIp("203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp("6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp(" 1.1.1.1 ,2.2.2.2, 203.0.113.9 ")).toBe("203.0.113.9");
  });

  it("with two trusted proxies, takes the second entry from the right", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(clientIp("6.6.6.6, 203.0.113.9, 10.0.0.2")).toBe("203.0.113.9");
    expect(clientIp("203.0.113.9")).toBe("203.0.113.9");
  });

  it("falls back to X-Real-IP, then null", () => {
    expect(clientIp(null, "198.51.100.7")).toBe("198.51.100.7");
    expect(clientIp("", null)).toBeNull();
  });
});
