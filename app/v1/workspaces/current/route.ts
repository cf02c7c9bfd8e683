import { parseJson } from "@/lib/api/body";
import { withWorkspace } from "@/lib/api/with-auth";
import { updateWorkspaceBody } from "@/lib/schemas/workspaces";
import { getCurrentWorkspace } from "@/lib/workspaces/get-workspace";
import { updateWorkspace } from "@/lib/workspaces/update-workspace";

// GET /v1/workspaces/current — the workspace named by X-Tenant-Id, with its policies
export const GET = withWorkspace(async (ctx) => getCurrentWorkspace(ctx), { action: "workspace.read" });

// PATCH /v1/workspaces/current — rename the workspace or change its domain policies
export const PATCH = withWorkspace(async (ctx) => updateWorkspace(ctx, await parseJson(ctx.req, updateWorkspaceBody)), { action: "workspace.update" });
