import { expect, test } from "@playwright/test";
import { fillSignUpForm, signIn, snap, uniqueEmail } from "./support/flows";
import { BASE_URL } from "./support/env";

// The first ten minutes of a new user, against what `npm start` serves on a fresh machine
// (production build, local mode, no SMTP): sign up in the console, find the verification mail
// in the development outbox at /dev/mail, follow its link, sign in, create a workspace.
test("a brand-new user signs up, verifies from /dev/mail, signs in and creates a workspace", async ({ page }) => {
  const user = { name: "Nora Newcomer", email: uniqueEmail("newcomer"), password: "newcomer-Passphrase-42" };
  const workspaceName = `First ${Date.now().toString(36)}`;
  const slug = workspaceName.toLowerCase().replace(/\s+/g, "-");
  // What a newcomer would see in the browser console: uncaught errors, hydration mismatches,
  // policy violations (the offline machine's failed loads of Google's script are not ours).
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("console", (m) => {
    if (/Permissions-Policy|Content Security Policy|hydrat|Warning:/i.test(m.text())) problems.push(m.text());
  });

  await test.step("sign up through the form", async () => {
    await fillSignUpForm(page, user);
  });

  await test.step("open the development outbox from the check-email page and follow the link", async () => {
    await page.getByRole("link", { name: "development outbox" }).click();
    await expect(page).toHaveURL(/\/dev\/mail$/);
    const mail = page.getByRole("listitem").filter({ hasText: user.email }).filter({ hasText: "Confirm your email address" });
    await expect(mail).toHaveCount(1);
    await snap(page, "dev-mail");
    const link = mail.getByRole("link", { name: /\/auth\/verify-email\?token=/ });
    // Links are built from APP_URL, which defaults to this server (http://localhost:$PORT).
    expect(await link.getAttribute("href")).toMatch(new RegExp(`^${BASE_URL.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/auth/verify-email\\?token=`));
    await link.click();
    await expect(page.getByText("Your email address is confirmed")).toBeVisible();
  });

  await test.step("sign in and create the first workspace", async () => {
    await page.getByRole("link", { name: "Continue to sign in" }).click();
    await signIn(page, user.email, user.password);
    await expect(page).toHaveURL(/\/onboarding$/);
    await page.getByLabel("Workspace name").fill(workspaceName);
    await expect(page.getByLabel("Slug")).toHaveValue(slug);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
    await expect(page.getByRole("heading", { level: 1, name: workspaceName })).toBeVisible();
  });

  expect(problems).toEqual([]);
});

test("forgot-password answers alike for a known and an unknown address", async ({ request }) => {
  const email = uniqueEmail("known");
  expect((await request.post("/v1/auth/signup", { data: { email, password: "known-Passphrase-42" } })).status()).toBe(202);
  const known = await request.post("/v1/auth/forgot-password", { data: { email } });
  const unknown = await request.post("/v1/auth/forgot-password", { data: { email: uniqueEmail("nobody") } });
  expect([known.status(), unknown.status()]).toEqual([202, 202]);
  expect(await known.json()).toEqual(await unknown.json());
});

test("/dev/mail judges the client by its socket, not by a forged X-Forwarded-For", async ({ request }) => {
  // The browser is on this machine: a header claiming another address changes nothing (the web
  // process appends the socket's address, and TRUSTED_PROXY_HOPS defaults to 0).
  const res = await request.get("/dev/mail", { headers: { "X-Forwarded-For": "203.0.113.9" } });
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("Outbox");
});
