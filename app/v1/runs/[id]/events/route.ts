import { withProject } from "@/lib/api/with-auth";
import { parseQuery, parseWith } from "@/lib/api/body";
import { lastEventIdOf, streamRunEvents } from "@/lib/runs/stream-run-events";
import { idParams } from "@/lib/schemas/common";
import { runEventsQuery } from "@/lib/schemas/runs";

// GET /v1/runs/{id}/events — Server-Sent Events: replay after Last-Event-ID, then live until the run ends
export const GET = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    const { lastEventId } = parseQuery(ctx.req, runEventsQuery);
    return streamRunEvents(ctx, id, ctx.req, lastEventIdOf(ctx.req, lastEventId));
  },
  { action: "run.read" },
);
