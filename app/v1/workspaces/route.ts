import { parseJson, parseQuery } from "@/lib/api/body";
import { forbidden } from "@/lib/api/errors";
import { pageQuery } from "@/lib/api/pagination";
import { json, withUser } from "@/lib/api/with-auth";
import { createWorkspaceBody } from "@/lib/schemas/workspaces";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { listWorkspacesForPrincipal } from "@/lib/workspaces/list-for-principal";

// GET /v1/workspaces — the caller's workspaces with their role (a token: its own workspace)
export const GET = withUser(async (ctx) => listWorkspacesForPrincipal(ctx, parseQuery(ctx.req, pageQuery)));

// POST /v1/workspaces — create a workspace (with its default project); the caller becomes owner
export const POST = withUser(async (ctx) => {
  // A token belongs to one workspace; new tenants are created by people, from a session.
  if (ctx.principal.type === "token") throw forbidden("API tokens cannot create workspaces; sign in to the console", { attempted: "workspace.create" });
  const body = await parseJson(ctx.req, createWorkspaceBody);
  return json(await createWorkspace(ctx, body), 201);
});
