import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/core/errors";
import { boundExpiry, callerLimits, checkScopes, requestedExpiry, rotatedExpiry } from "./token-policy";

const DAY = 86_400_000;
const now = new Date("2025-06-01T00:00:00Z");
const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof ApiError ? e.code : "other";
  }
};

describe("token policy", () => {
  it("a session has no limits; a token is limited to its scopes, project and expiry", () => {
    expect(callerLimits({ type: "session" })).toBeNull();
    const exp = new Date(now.getTime() + DAY);
    expect(callerLimits({ type: "token", scopes: ["a"], projectId: "p", expiresAt: exp })).toEqual({ scopes: ["a"], projectId: "p", expiresAt: exp });
  });

  it("checkScopes: subset passes, any extra scope is insufficient_scope", () => {
    const limits = { scopes: ["workflow:read", "tokens:write"], projectId: null, expiresAt: null };
    expect(code(() => checkScopes(null, ["workspace:admin"]))).toBeNull();
    expect(code(() => checkScopes(limits, ["workflow:read"]))).toBeNull();
    expect(code(() => checkScopes(limits, []))).toBeNull();
    expect(code(() => checkScopes(limits, ["workflow:read", "workflow:run"]))).toBe("insufficient_scope");
  });

  it("requestedExpiry: days, absolute, none; past and >366 days refused", () => {
    expect(requestedExpiry({}, now)).toBeNull();
    expect(requestedExpiry({ expiresInDays: 7 }, now)?.getTime()).toBe(now.getTime() + 7 * DAY);
    expect(requestedExpiry({ expiresAt: "2025-07-01T00:00:00Z" }, now)?.toISOString()).toBe("2025-07-01T00:00:00.000Z");
    expect(code(() => requestedExpiry({ expiresAt: now.toISOString() }, now))).toBe("invalid_request");
    expect(code(() => requestedExpiry({ expiresAt: new Date(now.getTime() + 367 * DAY).toISOString() }, now))).toBe("invalid_request");
    expect(requestedExpiry({ expiresAt: new Date(now.getTime() + 366 * DAY).toISOString() }, now)).not.toBeNull();
  });

  it("boundExpiry: inherit, keep earlier, reject or cap later", () => {
    const cap = new Date(now.getTime() + 10 * DAY);
    const limits = { scopes: [], projectId: null, expiresAt: cap };
    const later = new Date(now.getTime() + 20 * DAY);
    const earlier = new Date(now.getTime() + 5 * DAY);
    expect(boundExpiry(null, null, "reject")).toBeNull();
    expect(boundExpiry({ ...limits, expiresAt: null }, later, "reject")).toBe(later);
    expect(boundExpiry(limits, null, "reject")).toBe(cap);
    expect(boundExpiry(limits, earlier, "reject")).toBe(earlier);
    expect(code(() => boundExpiry(limits, later, "reject"))).toBe("invalid_request");
    expect(boundExpiry(limits, later, "cap")).toBe(cap);
  });

  it("rotatedExpiry keeps the lifetime (at least a day)", () => {
    expect(rotatedExpiry({ createdAt: now, expiresAt: null }, now)).toBeNull();
    const created = new Date(now.getTime() - 30 * DAY);
    expect(rotatedExpiry({ createdAt: created, expiresAt: new Date(created.getTime() + 90 * DAY) }, now)?.getTime()).toBe(now.getTime() + 90 * DAY);
    expect(rotatedExpiry({ createdAt: now, expiresAt: new Date(now.getTime() + 1000) }, now)?.getTime()).toBe(now.getTime() + DAY);
  });
});
