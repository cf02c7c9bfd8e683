import { notFound } from "@/lib/core/errors";
import { withPublic } from "@/lib/api/with-auth";

// Any /v1 path no other route file serves (Next prefers every more specific route over this
// optional catch-all): the API's JSON 404, not the console's HTML page. Methods no route
// answers at all are refused earlier, in proxy.ts (JSON 405).
const unknownPath = withPublic(async () => {
  throw notFound("API endpoint");
});

// GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE /v1/* — 404 not_found for an unknown path
export { unknownPath as GET, unknownPath as HEAD, unknownPath as OPTIONS, unknownPath as POST, unknownPath as PUT, unknownPath as PATCH, unknownPath as DELETE };
