// Sliding sessions: activity extends the Session row's expiry (not only the cookie), at most
// once per SESSION_SLIDE_SECONDS; an expired or ended session is never revived.
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/v1/me/route";
import { db } from "@/lib/db/client";
import { SESSION_MAX_AGE_SECONDS, sessionFromCookies, sessionIdFromCookies, slideSession } from "@/lib/auth/session";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { call } from "@/test/support/http";

const DAY = 86_400_000;
const MAX = SESSION_MAX_AGE_SECONDS * 1000;

async function sessionOf() {
  const { user } = await createTestUser({ password: null });
  const cookie = await createSessionCookie(user.id);
  const sid = (await sessionIdFromCookies(cookie))!;
  const setExpires = (at: Date) => db.session.update({ where: { sessionToken: sid }, data: { expires: at } });
  const expires = async () => (await db.session.findUniqueOrThrow({ where: { sessionToken: sid } })).expires.getTime();
  return { cookie, sid, setExpires, expires };
}

describe("sliding sessions", () => {
  it("an API request moves the row's expiry to 30 days from now once it is over an hour behind", async () => {
    const s = await sessionOf();
    await s.setExpires(new Date(Date.now() + 2 * DAY));
    const res = await call(me, "/v1/me", { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(Math.abs((await s.expires()) - (Date.now() + MAX))).toBeLessThan(60_000);
  });

  it("a console request (the cookie resolved by sessionFromCookies) slides it too", async () => {
    const s = await sessionOf();
    await s.setExpires(new Date(Date.now() + DAY));
    expect(await sessionFromCookies(s.cookie)).not.toBeNull();
    expect(Math.abs((await s.expires()) - (Date.now() + MAX))).toBeLessThan(60_000);
  });

  it("throttled: within the hour nothing is written", async () => {
    const s = await sessionOf();
    const recent = new Date(Date.now() + MAX - 10 * 60_000);
    await s.setExpires(recent);
    for (let i = 0; i < 5; i++) expect((await call(me, "/v1/me", { headers: { cookie: s.cookie } })).status).toBe(200);
    expect(await s.expires()).toBe(recent.getTime());
  });

  it("an expired or ended session is not revived", async () => {
    const s = await sessionOf();
    const past = new Date(Date.now() - 1000);
    await s.setExpires(past);
    expect((await call(me, "/v1/me", { headers: { cookie: s.cookie } })).status).toBe(401);
    await slideSession(s.sid, past);
    expect(await s.expires()).toBe(past.getTime());
    await db.session.delete({ where: { sessionToken: s.sid } });
    await slideSession(s.sid, new Date(Date.now() + DAY));
    expect(await db.session.count({ where: { sessionToken: s.sid } })).toBe(0);
  });
});
