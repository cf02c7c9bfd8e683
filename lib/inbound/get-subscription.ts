import type { InboundSubscriptionDto } from "@/lib/schemas/inbound";
import { presentOne } from "./present";
import { getSubscriptionOrThrow, type InboundScope } from "./scope";

/** One subscription of the project, without its secret. */
export async function getSubscription(scope: Pick<InboundScope, "workspace" | "project" | "origin">, id: string): Promise<InboundSubscriptionDto> {
  return presentOne(await getSubscriptionOrThrow(scope, id), scope.origin);
}
