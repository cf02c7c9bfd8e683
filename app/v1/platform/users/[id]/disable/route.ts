import { routeOf } from "@/lib/operations/route";
import { platform } from "@/lib/operations/platform";

// POST /v1/platform/users/{id}/disable — disable an account: sessions end, sign-in and tokens refused
export const POST = routeOf(platform.disablePlatformUser);
