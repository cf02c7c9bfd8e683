import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { rotateSigningSecret } from "@/lib/webhooks/inbound/rotate-secret";
import { inboundScope } from "@/lib/webhooks/inbound/scope";

// POST /v1/inbound-subscriptions/{id}/rotate-secret — replace the signing secret; the new one is returned once
export const POST = withProject(async (ctx) => rotateSigningSecret(inboundScope(ctx), parseWith(idParams, ctx.params).id), { action: "webhook.manage" });
