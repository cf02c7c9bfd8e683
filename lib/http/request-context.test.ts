import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "./request-context";

// X-Forwarded-For as the web process sees it: entries the client wrote, then one per trusted
// proxy, then the socket peer appended by scripts/web-preload.mjs (always the rightmost).
describe("clientIp", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });

  it("by default (no proxy in front) takes the socket peer, ignoring every entry the client wrote", () => {
    expect(clientIp("203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp("6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp(" 1.1.1.1 ,2.2.2.2, 203.0.113.9 ")).toBe("203.0.113.9");
  });

  it("with N trusted proxies, takes the entry N places left of the socket peer", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    expect(clientIp("6.6.6.6, 203.0.113.9, 10.0.0.2")).toBe("203.0.113.9");
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(clientIp("6.6.6.6, 203.0.113.9, 10.0.0.3, 10.0.0.2")).toBe("203.0.113.9");
    expect(clientIp("203.0.113.9")).toBe("203.0.113.9");
  });

  it("an invalid setting falls back to 0 hops", () => {
    process.env.TRUSTED_PROXY_HOPS = "-1";
    expect(clientIp("6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    process.env.TRUSTED_PROXY_HOPS = "many";
    expect(clientIp("6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
  });

  it("spells an IPv4 client of a dual-stack socket as IPv4; no header → null", () => {
    expect(clientIp("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(clientIp("")).toBeNull();
    expect(clientIp(null)).toBeNull();
  });
});
