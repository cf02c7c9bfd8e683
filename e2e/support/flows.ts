import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { linkIn, mailSeen, waitForMail } from "./mail";

let counter = 0;
/** A unique address per call, so specs never depend on each other's users. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${(counter++).toString(36)}@example.test`;
}

/** The sign-up form, filled and sent; ends on the check-email page. */
export async function fillSignUpForm(page: Page, user: { name: string; email: string; password: string }) {
  await page.goto("/auth/sign-up");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Work email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/auth\/check-email/);
}

/** Sign-up through the form, then the confirmation link from the mail. */
export async function signUpAndVerify(page: Page, user: { name: string; email: string; password: string }) {
  const seen = mailSeen();
  await fillSignUpForm(page, user);

  const mail = await waitForMail(user.email, /confirm your email/i, { seen });
  await page.goto(linkIn(mail, "/auth/verify-email"));
  await expect(page.getByText("Your email address is confirmed")).toBeVisible();
}

export async function signIn(page: Page, email: string, password: string) {
  if (!page.url().includes("/auth/sign-in")) await page.goto("/auth/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** The same account set-up through the JSON API, for specs that are not about sign-up. */
export async function createVerifiedUserViaApi(request: APIRequestContext, user: { email: string; password: string; name?: string }) {
  const seen = mailSeen();
  const res = await request.post("/v1/auth/signup", { data: user });
  expect(res.ok(), await res.text()).toBe(true);
  const token = new URL(linkIn(await waitForMail(user.email, /confirm your email/i, { seen }), "/auth/verify-email")).searchParams.get("token");
  const verified = await request.post("/v1/auth/verify-email", { data: { token } });
  expect(verified.ok(), await verified.text()).toBe(true);
}

/** Full-page screenshots of key pages, kept with the test results for review. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/**
 * A verified owner (made through the API) signs in and creates a workspace on the onboarding
 * page; ends on the workspace's overview. For specs whose subject comes after that.
 */
export async function ownerWithWorkspace(
  page: Page,
  request: APIRequestContext,
  owner: { emailLabel: string; password: string; name: string; workspaceName: string; slugPrefix: string },
) {
  const email = uniqueEmail(owner.emailLabel);
  const { password } = owner;
  await createVerifiedUserViaApi(request, { email, password, name: owner.name });
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/onboarding$/);
  const slug = `${owner.slugPrefix}-${Date.now().toString(36)}`;
  await page.getByLabel("Workspace name").fill(owner.workspaceName);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  return { email, password, slug };
}
