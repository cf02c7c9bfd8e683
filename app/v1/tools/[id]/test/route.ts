import { routeOf } from "@/lib/operations/route";
import { tools } from "@/lib/operations/tools";

// POST /v1/tools/{id}/test — a test call to the tool's upstream with its credential
export const POST = routeOf(tools.testTool);
