import { meResponse } from "@/lib/schemas/me";
import { registerOperation, type ApiRegistry } from "../registry";

export function registerMeOperations(r: ApiRegistry): void {
  registerOperation(r, {
    method: "get",
    path: "/v1/me",
    operationId: "getMe",
    summary: "The caller",
    description: "The user, their workspaces with roles (with a token: only the token's workspace), and the token in use.",
    tags: ["Me"],
    auth: "user",
    responses: { 200: { description: "The caller", schema: r.schema("Me", meResponse) } },
  });
}
