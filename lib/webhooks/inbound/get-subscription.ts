import type { InboundSubscriptionDto } from "@/lib/schemas/inbound";
import { presentOne } from "./present";
import { findSubscriptionOrThrow, type InboundScope } from "./scope";

/** One subscription of the project, without its secret. */
export async function getSubscription(scope: Pick<InboundScope, "workspace" | "project" | "origin">, id: string): Promise<InboundSubscriptionDto> {
  return presentOne(await findSubscriptionOrThrow(scope, id), scope.origin);
}
