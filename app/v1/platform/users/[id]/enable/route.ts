import { routeOf } from "@/lib/operations/route";
import { platform } from "@/lib/operations/platform";

// POST /v1/platform/users/{id}/enable — enable a disabled account
export const POST = routeOf(platform.enablePlatformUser);
