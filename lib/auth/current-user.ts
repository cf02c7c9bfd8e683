import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { sessionFromCookies } from "./session";

type CurrentUser = {
  id: string;
  email: string;
  name: string | null;
  image: string | null;
  emailVerified: Date | null;
  hasPassword: boolean;
  sessionId: string;
};

/**
 * The signed-in user for server components and actions, or null. Resolves the cookie the
 * same way the API does (sessionFromCookies): an ended or expired session is no session.
 * Cached per request, so a layout and its page share one lookup.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const h = await headers();
  const session = await sessionFromCookies(h.get("cookie"));
  if (!session) return null;
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, name: true, image: true, emailVerified: true, passwordHash: true },
  });
  if (!user) return null;
  const { passwordHash, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null, sessionId: session.sessionId };
});

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireUser(returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(returnTo ? `/auth/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/auth/sign-in");
  return user;
}
