import type { CreatedInboundSubscriptionDto, InboundDeliveryDto, InboundSubscriptionDto, RotatedInboundSecretDto } from "@/lib/schemas/inbound";

export type Subscription = InboundSubscriptionDto;
export type CreatedSubscription = CreatedInboundSubscriptionDto;
export type RotatedSecret = RotatedInboundSecretDto;
export type Delivery = InboundDeliveryDto;
export type Page<T> = { data: T[]; nextCursor: string | null };

/** What every inbound component needs to call the API and link to runs. */
export type InboundContext = {
  project: string;
  workflowId: string;
  /** Console path of the project, for run links. */
  base: string;
  /** A compact JSON body matching the workflow's trigger schema, for the curl example. */
  sampleBody: string;
};
