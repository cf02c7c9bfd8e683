import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiFieldErrors, ApiRequestError, errorMessage } from "@/lib/client/api";
import { validate } from "@/lib/client/form";
import { createWorkspaceBody } from "@/lib/schemas/workspaces";

// The console's fetch helper: headers out, the API's error body back as a typed error whose
// message can be shown as is.

afterEach(() => vi.unstubAllGlobals());

function stubFetch(res: Response) {
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => res);
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("api()", () => {
  it("sends the tenant and project headers, a JSON body, and the query", async () => {
    const fetch = stubFetch(Response.json({ ok: true }));
    await expect(api("/v1/projects", { method: "POST", tenant: "acme", project: "dev", body: { name: "x" }, query: { limit: 5, cursor: undefined } })).resolves.toEqual({ ok: true });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe("/v1/projects?limit=5");
    expect(init.headers).toMatchObject({ "X-Tenant-Id": "acme", "X-Project-Id": "dev", "Content-Type": "application/json" });
    expect(init.body).toBe('{"name":"x"}');
    expect(init.credentials).toBe("same-origin");
  });

  it("returns undefined for 204", async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(api("/v1/tokens/tok_1", { method: "DELETE" })).resolves.toBeUndefined();
  });

  it("throws the API error as ApiRequestError with code, status, request id and details", async () => {
    stubFetch(
      Response.json(
        { error: { code: "invalid_request", message: "The request is invalid", requestId: "req_123", details: [{ path: "slug", message: "Already taken" }] } },
        { status: 422 },
      ),
    );
    const err = (await api("/v1/workspaces", { method: "POST", body: {} }).catch((e) => e)) as ApiRequestError;
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ status: 422, code: "invalid_request", requestId: "req_123" });
    expect(errorMessage(err)).toBe("slug: Already taken");
    expect(apiFieldErrors(err)).toEqual({ slug: "Already taken" });
  });

  it("keeps a specific message as is and falls back to a readable one for bodiless errors", async () => {
    stubFetch(Response.json({ error: { code: "forbidden", message: "Your role does not allow member.invite", requestId: "r" } }, { status: 403 }));
    expect(errorMessage(await api("/v1/invitations").catch((e) => e))).toBe("Your role does not allow member.invite");
    stubFetch(new Response("<html>bad gateway</html>", { status: 502 }));
    expect(errorMessage(await api("/v1/me").catch((e) => e))).toBe("The request failed (HTTP 502).");
    stubFetch(new Response("", { status: 429 }));
    expect(errorMessage(await api("/v1/me").catch((e) => e))).toMatch(/too many requests/i);
  });

  it("reports a network failure without leaking the browser's message", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const err = (await api("/v1/me").catch((e) => e)) as ApiRequestError;
    expect(err.code).toBe("network_error");
    expect(err.message).toMatch(/could not reach the server/i);
  });
});

describe("validate()", () => {
  it("checks console forms with the API's own schema, errors keyed by field", () => {
    expect(validate(createWorkspaceBody, { name: "Acme", slug: "acme" })).toEqual({ ok: true, data: { name: "Acme", slug: "acme" } });
    const bad = validate(createWorkspaceBody, { name: "", slug: "-x" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(["name", "slug"]);
  });
});
