import { ApiError } from "@/lib/core/errors";
import { baseUrlProblem } from "@/lib/llm/base-url-guard";

/** 422 on `baseUrl` when the URL may not be called (see base-url-guard). */
export async function checkBaseUrl(url: string | null | undefined): Promise<void> {
  if (!url) return;
  const problem = await baseUrlProblem(url);
  if (problem) throw new ApiError("invalid_request", "The base URL cannot be used", { details: [{ path: "baseUrl", message: problem }] });
}
