import { describe, expect, it } from "vitest";
import { requestFor, toolsFromOpenApi } from "./openapi-tools";

const doc = {
  openapi: "3.1.0",
  info: { title: "Notes", version: "1" },
  servers: [{ url: "https://elsewhere.example" }],
  components: {
    schemas: { Note: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } },
    parameters: { NoteId: { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The note" } },
  },
  paths: {
    "/notes": {
      get: { operationId: "listNotes", summary: "List notes", parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }], responses: { "200": { description: "ok" } } },
      post: { operationId: "createNote", requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Note" } } } }, responses: { "201": { description: "created" } } },
    },
    "/notes/{id}": {
      parameters: [{ $ref: "#/components/parameters/NoteId" }],
      delete: { responses: { "204": { description: "gone" } } },
      put: { operationId: "replace note!", requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Note" } } } }, responses: { "200": { description: "ok" } } },
    },
  },
};

describe("OpenAPI operations as tools", () => {
  it("one tool per operation, with parameters and the JSON body in its input schema and hints from the method", async () => {
    const tools = await toolsFromOpenApi(doc);
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(["createNote", "delete_notes_id", "listNotes", "replace_note"]);
    expect(byName.listNotes).toMatchObject({ method: "GET", path: "/notes", annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true }, description: "List notes" });
    expect(byName.listNotes.inputSchema).toEqual({ type: "object", properties: { limit: { type: "integer" } }, additionalProperties: false });
    expect(byName.createNote.inputSchema).toEqual({
      type: "object",
      properties: { body: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } },
      required: ["body"],
      additionalProperties: false,
    });
    expect(byName.delete_notes_id).toMatchObject({ method: "DELETE", annotations: { destructiveHint: true, readOnlyHint: false } });
    expect(byName.delete_notes_id.inputSchema).toMatchObject({ properties: { id: { type: "string", description: "The note" } }, required: ["id"] });
  });

  it("a call becomes a request on the connection's base URL: path parameters encoded, query appended, the body as JSON", async () => {
    const tools = await toolsFromOpenApi(doc);
    const del = tools.find((t) => t.name === "delete_notes_id")!;
    expect(requestFor(del, { id: "a/b c" })).toEqual({ path: "/notes/a%2Fb%20c", headers: {} });
    const list = tools.find((t) => t.name === "listNotes")!;
    expect(requestFor(list, { limit: 5 })).toEqual({ path: "/notes?limit=5", headers: {} });
    const create = tools.find((t) => t.name === "createNote")!;
    expect(requestFor(create, { body: { text: "hi" } })).toEqual({ path: "/notes", headers: {}, body: { json: { text: "hi" } } });
    expect(() => requestFor(del, {})).toThrow(/id is required/);
    expect(() => requestFor(del, { id: { nested: true } })).toThrow(/must be a string/);
  });

  it("refuses what is not an OpenAPI 3 document, an invalid one, and external references (nothing is fetched)", async () => {
    await expect(toolsFromOpenApi({ swagger: "2.0" })).rejects.toMatchObject({ code: "invalid_openapi" });
    await expect(toolsFromOpenApi({ openapi: "3.1.0", paths: {} })).rejects.toMatchObject({ code: "invalid_openapi" });
    const external = { ...doc, paths: { "/x": { get: { responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "http://127.0.0.1:9/evil.json" } } } } } } } } };
    await expect(toolsFromOpenApi(external)).rejects.toMatchObject({ code: "invalid_openapi" });
  });
});
