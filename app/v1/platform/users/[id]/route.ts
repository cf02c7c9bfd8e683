import { routeOf } from "@/lib/operations/route";
import { platform } from "@/lib/operations/platform";

// GET /v1/platform/users/{id} — one user (platform tokens only)
export const GET = routeOf(platform.getPlatformUser);
