import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { testConnection } from "@/lib/connections/test-connection";
import { idParams } from "@/lib/schemas/common";

// POST /v1/connections/{id}/test — prove the stored secret against the service; records active/error
export const POST = withProject(async (ctx) => testConnection(ctx, parseWith(idParams, ctx.params).id), { action: "connection.manage" });
