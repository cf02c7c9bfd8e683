import type { Prisma } from "@/lib/generated/prisma/client";
import { toJsonValue } from "@/lib/core/json";

/** `v` as a Json column's value: toJsonValue typed for Prisma's inputs. */
export const asJson = (v: unknown) => toJsonValue(v) as Prisma.InputJsonValue;
