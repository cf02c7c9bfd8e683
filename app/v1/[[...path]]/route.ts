import { notFound } from "@/lib/core/errors";
import { withPublic } from "@/lib/api/with-auth";
import { withApiSecurityHeaders } from "@/lib/http/security-headers";

// Any /v1 path no other route file serves (Next prefers every more specific route over this
// optional catch-all): the API's JSON 404, not the console's HTML page. Methods no route
// answers at all are refused earlier, at the server's door (lib/api/api-door.ts: JSON 405).
const answer = withPublic(async () => {
  throw notFound("API endpoint");
});
const unknownPath = async (req: Request, route: { params: Promise<Record<string, string | string[] | undefined>> }) => withApiSecurityHeaders(await answer(req, route), "/v1");

// GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE /v1/* — 404 not_found for an unknown path
export { unknownPath as GET, unknownPath as HEAD, unknownPath as OPTIONS, unknownPath as POST, unknownPath as PUT, unknownPath as PATCH, unknownPath as DELETE };
