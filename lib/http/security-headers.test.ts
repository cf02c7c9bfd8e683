import { describe, expect, it } from "vitest";
import { API_CSP, createNonce, HSTS, isApiPath, pageCsp, securityEnv, securityHeaders } from "./security-headers";
import { securityTxt } from "./security-txt";

const prod = securityEnv("production");
const dev = securityEnv("development");
const test = securityEnv("test");
const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `) || d === name);

describe("security headers", () => {
  it("every response gets the fixed headers; HSTS only in production", () => {
    for (const [path, env] of [["/", prod], ["/v1/tokens", test], ["/.well-known/security.txt", dev]] as const) {
      const h = securityHeaders(path, env, isApiPath(path) ? null : createNonce());
      expect(h["X-Frame-Options"]).toBe("DENY");
      expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
      expect(h["X-Content-Type-Options"]).toBe("nosniff");
      expect(h["Permissions-Policy"]).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/);
      expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    }
    expect(securityHeaders("/", prod, "n")["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains; preload");
    expect(HSTS).toBe("max-age=63072000; includeSubDomains; preload");
    expect(securityHeaders("/", dev, "n")).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders("/", test, "n")).not.toHaveProperty("Strict-Transport-Security");
  });

  it("pages: nonce-based script-src with strict-dynamic and Google One Tap; no unsafe-inline scripts", () => {
    const csp = pageCsp("abc123", prod);
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic' https://accounts.google.com/gsi/client");
    expect(directive(csp, "frame-src")).toContain("https://accounts.google.com/gsi/");
    expect(directive(csp, "connect-src")).toContain("https://accounts.google.com/gsi/");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "base-uri")).toBe("base-uri 'self'");
    expect(directive(csp, "upgrade-insecure-requests")).toBeDefined();
    expect(csp).not.toContain("unsafe-eval");
    expect(directive(csp, "script-src")).not.toContain("unsafe-inline");
  });

  it("development adds 'unsafe-eval' (React) and websockets (HMR), and does not upgrade to https", () => {
    const csp = pageCsp("n", dev);
    expect(directive(csp, "script-src")).toContain("'unsafe-eval'");
    expect(directive(csp, "connect-src")).toContain("ws:");
    expect(directive(csp, "upgrade-insecure-requests")).toBeUndefined();
  });

  it("API paths get a CSP that allows nothing", () => {
    expect(isApiPath("/v1/tokens")).toBe(true);
    expect(isApiPath("/v1")).toBe(true);
    expect(isApiPath("/mcp")).toBe(true);
    expect(isApiPath("/.well-known/security.txt")).toBe(true);
    expect(isApiPath("/v1beta")).toBe(false);
    expect(isApiPath("/settings")).toBe(false);
    expect(securityHeaders("/v1/me", prod, null)["Content-Security-Policy"]).toBe(API_CSP);
    expect(API_CSP).toMatch(/^default-src 'none'/);
  });

  it("nonces are fresh and carry 128 bits", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const n of [...nonces].slice(0, 10)) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("security.txt (RFC 9116)", () => {
  it("has Contact, Expires one year ahead, Preferred-Languages, Canonical and Policy from APP_URL", () => {
    const now = new Date("2025-01-15T10:20:30.456Z");
    const txt = securityTxt({ appUrl: "https://app.example.com/", now });
    const fields = Object.fromEntries(txt.trim().split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
    expect(fields).toEqual({
      Contact: "mailto:security@app.example.com",
      Expires: "2026-01-15T10:20:30Z",
      "Preferred-Languages": "en",
      Canonical: "https://app.example.com/.well-known/security.txt",
      Policy: "https://app.example.com/security",
    });
    expect(txt.endsWith("\n")).toBe(true);
  });

  it("uses configured contact and policy", () => {
    const txt = securityTxt({ appUrl: "https://x.test", contact: "https://x.test/report", policyUrl: "https://x.test/vdp" });
    expect(txt).toContain("Contact: https://x.test/report\n");
    expect(txt).toContain("Policy: https://x.test/vdp\n");
  });
});
