import { z } from "zod";
import { catalogModelResponse } from "./models";
import { llmVendor } from "./providers";

/** Role names: `default`, `fast`, `reasoning`, … (lower-case, as injected into agents). */
export const modelRole = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "Must start with a letter: a-z, 0-9, _ and -, at most 32 characters");
export const roleParams = z.object({ role: modelRole });

// Exactly one of providerId (a workspace provider) or vendor (the platform key for that vendor).
export const putModelSettingBody = z
  .strictObject({
    providerId: z.string().min(1).max(64).optional(),
    vendor: llmVendor.optional(),
    model: z.string().trim().min(1, "Required").max(200),
    temperature: z.number().min(0).max(2).nullable().optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .refine((b) => (b.providerId === undefined) !== (b.vendor === undefined), {
    path: ["providerId"],
    message: "Give either providerId (a workspace provider) or vendor (the platform key), not both",
  });
export type PutModelSettingInput = z.infer<typeof putModelSettingBody>;

export const modelSettingResponse = z.object({
  role: z.string(),
  /** null: the platform key of `vendor`. */
  providerId: z.string().nullable(),
  provider: z.object({ id: z.string(), source: z.enum(["workspace", "platform"]), name: z.string(), vendor: llmVendor }),
  model: z.string(),
  temperature: z.number().nullable(),
  maxTokens: z.number().int().nullable(),
  /** The catalog entry pricing the model, when it has one. */
  catalog: catalogModelResponse.nullable(),
  updatedAt: z.iso.datetime(),
});
export type ModelSettingDto = z.infer<typeof modelSettingResponse>;
export const modelSettingListResponse = z.object({ data: z.array(modelSettingResponse) });
