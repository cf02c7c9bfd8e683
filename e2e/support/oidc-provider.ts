// A local OpenID provider standing in for Google: discovery, JWKS, authorization code +
// PKCE, ID tokens signed with a real RS256 key. It signs in as GOOGLE_USER without a UI.
import { Events, OAuth2Server } from "oauth2-mock-server";
import { GOOGLE_USER, OIDC_ISSUER } from "./env";

export async function startOidcProvider(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  server.service.on(Events.BeforeTokenSigning, (token) => {
    Object.assign(token.payload, { sub: GOOGLE_USER.sub, email: GOOGLE_USER.email, email_verified: true, name: GOOGLE_USER.name });
  });
  server.service.on(Events.BeforeUserinfo, (res) => {
    res.body = { sub: GOOGLE_USER.sub, email: GOOGLE_USER.email, email_verified: true, name: GOOGLE_USER.name };
  });
  await server.start(port, "127.0.0.1");
  // The mock names itself "localhost"; the app was configured with the exact issuer (and
  // checks it against discovery and every ID token), so pin it.
  server.issuer.url = OIDC_ISSUER;
  return { url: server.issuer.url, stop: () => server.stop() };
}
