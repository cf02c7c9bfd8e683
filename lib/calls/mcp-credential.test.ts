import { describe, expect, it } from "vitest";
import { credentialForms, placeCredential } from "./mcp-credential";

describe("placeCredential", () => {
  const place = (placement: Parameters<typeof placeCredential>[2], name: string | null, secret = "s3cret-value") => {
    const url = new URL("https://mcp.example/mcp?x=1");
    const headers = new Headers({ Accept: "application/json" });
    placeCredential(url, headers, placement, name, secret);
    return { url: url.toString(), headers: Object.fromEntries(headers) };
  };

  it("bearer, header, query and basic put the secret where the instance says, and nowhere else", () => {
    expect(place("bearer", null).headers.authorization).toBe("Bearer s3cret-value");
    expect(place("header", "X-Api-Key")).toEqual({ url: "https://mcp.example/mcp?x=1", headers: { accept: "application/json", "x-api-key": "s3cret-value" } });
    expect(place("query", "api_key")).toEqual({ url: "https://mcp.example/mcp?x=1&api_key=s3cret-value", headers: { accept: "application/json" } });
    expect(place("basic", "alice").headers.authorization).toBe(`Basic ${Buffer.from("alice:s3cret-value").toString("base64")}`);
    expect(place("basic", null, "bob:pw").headers.authorization).toBe(`Basic ${Buffer.from("bob:pw").toString("base64")}`);
  });

  it("refuses a header or query placement without a name; lists the encoded form for redaction", () => {
    expect(() => place("header", null)).toThrow();
    expect(() => place("query", null)).toThrow();
    expect(credentialForms("basic", "alice", "pw12")).toEqual(["pw12", Buffer.from("alice:pw12").toString("base64")]);
    expect(credentialForms("bearer", null, "pw12")).toEqual(["pw12"]);
  });
});
