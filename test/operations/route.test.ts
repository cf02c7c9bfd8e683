// routeOf sends a handler's plain result with the operation's first 2xx status, so a handler
// does not repeat the status its definition documents.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { json } from "@/lib/api/with-auth";
import { defineResource } from "@/lib/operations/define";
import { routeOf } from "@/lib/operations/route";

const probe = defineResource({ tags: ["Test"], auth: "public" }, (op) => ({
  created: op({ route: "POST /v1/probe", summary: "201", responses: { 201: { description: "Created", schema: z.object({ id: z.string() }) } }, handler: async () => ({ id: "x" }) }),
  deleted: op({ route: "DELETE /v1/probe", summary: "204", responses: { 204: { description: "Deleted" } }, handler: async () => ({ ignored: true }) }),
  read: op({ route: "GET /v1/probe", summary: "200", responses: { 200: { description: "Read", schema: z.object({ id: z.string() }) } }, handler: async () => ({ id: "y" }) }),
  chosen: op({ route: "PUT /v1/probe", summary: "own status", responses: { 201: { description: "Created" } }, handler: async () => json({ id: "z" }, 202, { "X-Own": "1" }) }),
  redirect: op({ route: "PATCH /v1/probe", summary: "302", responses: { 302: { description: "Elsewhere" } }, handler: async () => ({ id: "w" }) }),
}));

const call = (route: ReturnType<typeof routeOf>) => route(new Request("http://localhost/v1/probe", { method: "POST" }));

describe("routeOf", () => {
  it("answers a plain result with the first 2xx status of the definition", async () => {
    const res = await call(routeOf(probe.created));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "x" });
  });

  it("answers 204 without a body, whatever the handler returned", async () => {
    const res = await call(routeOf(probe.deleted));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("answers 200 when that is the documented status, or when no 2xx is documented", async () => {
    for (const op of [probe.read, probe.redirect]) {
      const res = await call(routeOf(op));
      expect(res.status).toBe(200);
    }
  });

  it("leaves a Response the handler built as it is", async () => {
    const res = await call(routeOf(probe.chosen));
    expect(res.status).toBe(202);
    expect(res.headers.get("X-Own")).toBe("1");
    expect(await res.json()).toEqual({ id: "z" });
  });

  it("gives each operation its key as operationId and the resource's tags and auth", () => {
    expect(probe.operations.map((o) => [o.operationId, o.method, o.path, o.tags, o.auth])).toEqual([
      ["created", "post", "/v1/probe", ["Test"], "public"],
      ["deleted", "delete", "/v1/probe", ["Test"], "public"],
      ["read", "get", "/v1/probe", ["Test"], "public"],
      ["chosen", "put", "/v1/probe", ["Test"], "public"],
      ["redirect", "patch", "/v1/probe", ["Test"], "public"],
    ]);
  });

  it("refuses a workspace or project operation without an action", () => {
    expect(() => defineResource({ tags: ["Test"], auth: "project" }, (op) => ({ noAction: op({ route: "GET /v1/probe", summary: "x", responses: {}, handler: async () => null }) }))).toThrow(
      "noAction: a project operation needs an action",
    );
  });
});
