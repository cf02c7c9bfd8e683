import type { AuthUserResponse } from "@/lib/schemas/auth";

export function toAuthUserResponse(u: { id: string; email: string; name?: string | null; image?: string | null; emailVerified?: Date | null }): AuthUserResponse {
  return { id: u.id, email: u.email, name: u.name ?? null, image: u.image ?? null, emailVerified: !!u.emailVerified };
}
