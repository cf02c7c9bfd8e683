import { startOidcProvider } from "./support/oidc-provider";
import { OIDC_PORT } from "./support/env";

// The OpenID provider lives as long as the test run. The app was told its address up front
// (see support/env.ts) and only contacts it on demand. Mail needs nothing: the app is in
// local mode and writes it to the development outbox (support/mail.ts reads it).
export default async function globalSetup() {
  const oidc = await startOidcProvider(OIDC_PORT);
  return async () => {
    await oidc.stop();
  };
}
