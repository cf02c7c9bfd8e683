import { expect, test } from "@playwright/test";
import { createVerifiedUserViaApi, signIn, uniqueEmail } from "./support/flows";
import { linkIn, mailSeen, waitForMail } from "./support/mail";

test("resets a forgotten password from the mailed link", async ({ page, request }) => {
  const email = uniqueEmail("forgetful");
  const oldPassword = "old-Passphrase-42";
  const newPassword = "new-Passphrase-43";
  await createVerifiedUserViaApi(request, { email, password: oldPassword, name: "Fran Forgetful" });

  const seen = mailSeen();
  await page.goto("/auth/sign-in");
  await page.getByRole("link", { name: /forgot/i }).click();
  await expect(page).toHaveURL(/\/auth\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page).toHaveURL(/\/auth\/check-email/);

  await page.goto(linkIn(await waitForMail(email, /reset your password/i, { seen }), "/auth/reset-password"));
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in\?notice=password-reset/);

  await signIn(page, email, oldPassword);
  await expect(page.getByText("Email or password is incorrect")).toBeVisible();
  await expect(page).toHaveURL(/\/auth\/sign-in/);

  await signIn(page, email, newPassword);
  await expect(page).toHaveURL(/\/onboarding$/);
});
