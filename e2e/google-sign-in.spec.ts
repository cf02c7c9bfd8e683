import { expect, test } from "@playwright/test";
import { GOOGLE_USER } from "./support/env";

// "Continue with Google" against a local OpenID provider (discovery, PKCE, signed ID token).
test("signs in with Google through the OpenID provider", async ({ page }) => {
  await page.goto("/auth/sign-in");
  await page.getByRole("link", { name: "Continue with Google" }).click();
  // A first Google sign-in creates the account; with no workspace yet, onboarding follows.
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByText(`Signed in as ${GOOGLE_USER.email}`)).toBeVisible();

  await page.getByLabel("Workspace name").fill("Google Team");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/w\/google-team$/);
  await page.getByRole("button", { name: "Account menu" }).click();
  await expect(page.getByRole("menu").getByText(GOOGLE_USER.email)).toBeVisible();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in/);
  // Signed out, the console sends you to sign in.
  await page.goto(`/w/google-team/members`);
  await expect(page).toHaveURL(/\/auth\/sign-in\?callbackUrl=%2Fw%2Fgoogle-team/);

  // Signing in again finds the same account (and its workspace).
  await page.getByRole("link", { name: "Continue with Google" }).click();
  await expect(page).toHaveURL(/\/w\/google-team$/);
});
