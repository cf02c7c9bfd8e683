import { rmSync } from "node:fs";
import { startMailServer } from "./support/mail-server";
import { startOidcProvider } from "./support/oidc-provider";
import { MAIL_DIR, OIDC_PORT, SMTP_PORT } from "./support/env";

// The mail catcher and the OpenID provider live as long as the test run. The app was told
// their addresses up front (see support/env.ts) and only contacts them on demand.
export default async function globalSetup() {
  rmSync(MAIL_DIR, { recursive: true, force: true });
  const mail = await startMailServer(SMTP_PORT, MAIL_DIR);
  const oidc = await startOidcProvider(OIDC_PORT);
  return async () => {
    await oidc.stop();
    await mail.stop();
  };
}
