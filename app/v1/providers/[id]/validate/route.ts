import { withWorkspace } from "@/lib/api/with-auth";
import { validateProvider } from "@/lib/providers/validate-provider";

// POST /v1/providers/{id}/validate — list the vendor's models with the key; status active or error
export const POST = withWorkspace(async (ctx) => validateProvider(ctx, ctx.params.id), { action: "provider.manage" });
