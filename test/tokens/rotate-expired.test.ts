// An expired token is dead like a revoked one: rotating it must not issue a working successor.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { POST as rotateRoute } from "@/app/v1/tokens/[id]/rotate/route";
import { db } from "@/lib/db/client";
import { bearer, createTestToken } from "@/test/factories/tokens";
import { as, call } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

let t: Tenant;
beforeAll(async () => {
  t = await tenant();
});

const rotate = (id: string) => call(rotateRoute, `/v1/tokens/${id}/rotate`, { method: "POST", headers: as(t.member, t.slug), params: { id } });

describe("POST /v1/tokens/{id}/rotate after expiry", () => {
  it("409; no successor is issued, the old row is untouched and the token still answers 401", async () => {
    const expired = await createTestToken({ userId: t.member.id, workspaceId: t.workspace.id, name: "expired", expiresAt: new Date(Date.now() - 60_000) });
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: expired.row.id } });

    const res = await rotate(expired.row.id);
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "conflict", message: "This token has expired; create a new one instead" });

    expect(await db.apiToken.count({ where: { userId: t.member.id, name: "expired" } })).toBe(1);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: expired.row.id } })).toEqual(before);
    expect(await db.auditLog.count({ where: { action: "token.rotate", metadata: { path: ["previousTokenId"], equals: expired.row.id } } })).toBe(0);
    expect((await call(meRoute, "/v1/me", { headers: bearer(expired.token) })).status).toBe(401);
  });

  it("a token still inside its lifetime rotates as before (201, the successor works)", async () => {
    const live = await createTestToken({ userId: t.member.id, workspaceId: t.workspace.id, name: "live", expiresAt: new Date(Date.now() + 86_400_000) });
    const res = await rotate(live.row.id);
    expect(res.status).toBe(201);
    expect((await call(meRoute, "/v1/me", { headers: bearer(res.json.token) })).status).toBe(200);
    expect((await call(meRoute, "/v1/me", { headers: bearer(live.token) })).status).toBe(401);
  });
});
