import { withUser } from "@/lib/api/with-auth";
import { getMe } from "@/lib/me/get-me";

// GET /v1/me — the caller: user, workspaces with roles, and the token in use if any
export const GET = withUser(async (ctx) => getMe(ctx.principal));
