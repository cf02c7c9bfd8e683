import { json, withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { sendTestEvent } from "@/lib/webhooks/send-test-event";

// POST /v1/webhooks/{id}/test — send a signed `webhook.test` event now
export const POST = withProject(async (ctx) => json(await sendTestEvent(ctx, parseWith(idParams, ctx.params).id), 201), { action: "webhook.manage" });
