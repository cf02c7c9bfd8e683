import { withProject } from "@/lib/api/with-auth";
import { listModelSettings } from "@/lib/model-settings/list-model-settings";

// GET /v1/model-settings — the project's model per role
export const GET = withProject(async (ctx) => listModelSettings(ctx.workspace.id, ctx.project.id), { action: "project.read" });
