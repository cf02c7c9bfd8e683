// Where an MCP instance's credential goes on each upstream request: placed by the fetch the
// SDK client is given, never by the SDK or the caller, so nothing else can choose where the
// secret is sent.

export type CredentialPlacement = "bearer" | "header" | "query" | "basic";

/** Adds the secret to the request's URL or headers as the instance says. */
export function placeCredential(url: URL, headers: Headers, placement: CredentialPlacement, name: string | null, secret: string): void {
  switch (placement) {
    case "bearer":
      headers.set("Authorization", `Bearer ${secret}`);
      return;
    case "header":
      if (!name) throw new Error("A header placement needs a header name");
      headers.set(name, secret);
      return;
    case "query":
      if (!name) throw new Error("A query placement needs a parameter name");
      url.searchParams.set(name, secret);
      return;
    case "basic": {
      const pair = name ? `${name}:${secret}` : secret;
      headers.set("Authorization", `Basic ${Buffer.from(pair, "utf8").toString("base64")}`);
      return;
    }
  }
}

/** The strings a response or error could echo of the credential, for redaction. */
export function credentialForms(placement: CredentialPlacement, name: string | null, secret: string): string[] {
  if (placement !== "basic") return [secret];
  return [secret, Buffer.from(name ? `${name}:${secret}` : secret, "utf8").toString("base64")];
}
