import { withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { rotateConnection } from "@/lib/connections/rotate-connection";
import { idParams } from "@/lib/schemas/common";
import { rotateConnectionBody } from "@/lib/schemas/connections";

// POST /v1/connections/{id}/rotate — validate a new secret, then swap it in; a rejected one leaves the old active
export const POST = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return rotateConnection(ctx, id, (await parseJson(ctx.req, rotateConnectionBody)).secret);
  },
  { action: "connection.manage" },
);
