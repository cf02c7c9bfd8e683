import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { deleteConnection } from "@/lib/connections/delete-connection";
import { getConnection } from "@/lib/connections/get-connection";
import { updateConnection } from "@/lib/connections/update-connection";
import { idParams } from "@/lib/schemas/common";
import { updateConnectionBody } from "@/lib/schemas/connections";

// GET /v1/connections/{id} — one connection, without its secret
export const GET = withProject(async (ctx) => getConnection(ctx, parseWith(idParams, ctx.params).id), { action: "connection.read" });

// PATCH /v1/connections/{id} — rename, change environment or non-secret settings
export const PATCH = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return updateConnection(ctx, id, await parseJson(ctx.req, updateConnectionBody));
  },
  { action: "connection.manage" },
);

// DELETE /v1/connections/{id} — delete a connection and its sealed secret
export const DELETE = withProject(
  async (ctx) => {
    await deleteConnection(ctx, parseWith(idParams, ctx.params).id);
    return json(null, 204);
  },
  { action: "connection.manage" },
);
