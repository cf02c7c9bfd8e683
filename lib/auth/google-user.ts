import { authAdapter } from "./adapter";
import type { GoogleIdentity } from "./google-id-token";

/**
 * The user behind a verified Google identity, through the same adapter Auth.js's redirect
 * flow uses: the linked account, else the account with that (verified) email, else a new one.
 */
export async function findOrCreateGoogleUser(identity: GoogleIdentity) {
  const adapter = authAdapter();
  const account = { provider: "google", providerAccountId: identity.sub };
  const linked = await adapter.getUserByAccount!(account);
  if (linked) return linked;
  const user =
    (await adapter.getUserByEmail!(identity.email)) ??
    (await adapter.createUser!({ id: "", email: identity.email, name: identity.name, image: identity.picture, emailVerified: new Date() }));
  await adapter.linkAccount!({ ...account, userId: user.id, type: "oidc" });
  return (await adapter.getUser!(user.id))!;
}
