import { json, withWorkspace } from "@/lib/api/with-auth";
import { removeDomain } from "@/lib/domains/remove-domain";

// DELETE /v1/domains/{id} — remove a domain
export const DELETE = withWorkspace(
  async (ctx) => {
    await removeDomain(ctx, ctx.params.id);
    return json(null, 204);
  },
  { action: "domain.manage" },
);
