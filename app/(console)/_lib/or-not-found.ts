import "server-only";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/core/errors";

/**
 * The console's one adapter from a lib lookup to a page: what the API answers 404 (another
 * tenant's object, a workspace the viewer is not in) renders the page's 404, and so does a
 * reference in the URL that names nothing (the API's 422 for a malformed one).
 */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof ApiError && (err.code === "not_found" || err.code === "invalid_request")) notFound();
    throw err;
  }
}
