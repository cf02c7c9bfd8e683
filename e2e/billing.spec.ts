import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { E2E_STRIPE, startFakeStripe, type FakeStripe } from "../test/support/fake-stripe";
import { ROOT } from "./support/env";
import { ownerWithWorkspace, snap } from "./support/flows";

// Billing from the console against a fake Stripe on 127.0.0.1 (the app is started with
// STRIPE_API_BASE pointing at it): the owner sees the free grant, buys a pack, pays on the
// "hosted" page, Stripe's signed webhook is delivered, and the console shows the new balance
// and the purchase in the ledger. Then a canceled checkout, and the low-balance banner.

let stripe: FakeStripe;
test.beforeAll(async () => {
  stripe = await startFakeStripe({ port: E2E_STRIPE.port, secretKey: E2E_STRIPE.secretKey, webhookSecret: E2E_STRIPE.webhookSecret });
});
test.afterAll(async () => {
  await stripe?.close();
});

async function adjustCredits(slug: string, amount: number): Promise<string> {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const { stdout } = await promisify(execFile)(tsx, ["--conditions=react-server", "test/billing/support/adjust-credits.ts", slug, String(amount)], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return stdout.trim().split("\n").at(-1) ?? "";
}

test("buy credits with Stripe Checkout, see them in the balance and the ledger", async ({ page, request }) => {
  const { slug } = await ownerWithWorkspace(page, request, {
    emailLabel: "billing",
    password: "billing-Passphrase-42",
    name: "Bill Owner",
    workspaceName: "Billing Co",
    slugPrefix: "bill",
  });

  await test.step("the owner sees the free grant", async () => {
    await page.getByRole("link", { name: "Billing" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/billing$`));
    await expect(page.getByTestId("billing-balance")).toHaveText("$5.00");
    await expect(page.getByTestId("billing-available")).toHaveText("$5.00");
    const grant = page.getByTestId("ledger-row").filter({ hasText: "Free credits for a new workspace" });
    await expect(grant).toContainText("Grant");
    await expect(grant).toContainText("+$5.00");
    await expect(page.getByTestId("low-balance-banner")).toHaveCount(0);
    await snap(page, "billing-free-grant");
  });

  let sessionId = "";
  await test.step("Buy Starter → the Stripe Checkout page", async () => {
    await page.getByTestId("pack-starter").getByRole("button", { name: "Buy Starter" }).click();
    await expect(page).toHaveURL(new RegExp(`^${stripe.url}/pay/cs_test_`));
    sessionId = new URL(page.url()).pathname.split("/").at(-1)!;
    await expect(page.getByText("$10.00").first()).toBeVisible();
    const created = stripe.state.requests.find((r) => r.path === "/v1/checkout/sessions")!;
    expect(created.form).toMatchObject({ mode: "payment", line_items: [{ price_data: { unit_amount: "1000", currency: "usd" } }], metadata: { packId: "starter", credits: "10000000" } });
  });

  await test.step("pay; the success page waits for Stripe's webhook, then shows the credits", async () => {
    await page.getByRole("link", { name: "Pay $10.00" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/billing/success\\?session_id=${sessionId}$`));
    await expect(page.getByTestId("checkout-result")).toContainText("adding your credits");

    const { payload, signature } = stripe.sign(stripe.checkoutCompleted(sessionId));
    const forged = await request.post("/v1/billing/stripe/webhook", { data: payload, headers: { "content-type": "application/json", "stripe-signature": signature.replace(/v1=(.)/, (_, c: string) => `v1=${c === "0" ? "1" : "0"}`) } });
    expect(forged.status()).toBe(400);
    for (let i = 0; i < 3; i++) {
      const res = await request.post("/v1/billing/stripe/webhook", { data: payload, headers: { "content-type": "application/json", "stripe-signature": signature } });
      expect(res.status()).toBe(200);
      expect((await res.json()).applied).toBe(i === 0);
    }
    await expect(page.getByTestId("checkout-result")).toContainText("Credits added", { timeout: 15_000 });
    await expect(page.getByTestId("billing-balance")).toHaveText("$15.00");
    await snap(page, "billing-success");
  });

  await test.step("the balance and the ledger show the purchase once", async () => {
    await page.getByRole("link", { name: "Back to billing" }).click();
    await expect(page.getByTestId("billing-balance")).toHaveText("$15.00");
    const purchases = page.getByTestId("ledger-row").filter({ hasText: "Starter credit pack" });
    await expect(purchases).toHaveCount(1);
    await expect(purchases).toContainText("Purchase");
    await expect(purchases).toContainText("+$10.00");
    await expect(purchases).toContainText("$15.00");
    await snap(page, "billing-ledger");
  });

  await test.step("a canceled checkout changes nothing", async () => {
    await page.getByTestId("pack-team").getByRole("button", { name: "Buy Team" }).click();
    await expect(page).toHaveURL(new RegExp(`^${stripe.url}/pay/cs_test_`));
    await page.getByRole("link", { name: "Back" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/billing/canceled$`));
    await expect(page.getByRole("heading", { name: "Checkout canceled" })).toBeVisible();
    await page.getByRole("link", { name: "Back to billing" }).click();
    await expect(page.getByTestId("billing-balance")).toHaveText("$15.00");
  });

  await test.step("below BILLING_LOW_BALANCE the console warns on every page", async () => {
    expect(await adjustCredits(slug, -14_500_000)).toBe("500000");
    await page.goto(`/w/${slug}/members`);
    const banner = page.getByTestId("low-balance-banner");
    await expect(banner).toContainText("Credits are running low: $0.50 available.");
    await banner.getByRole("link", { name: "Buy credits" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/billing$`));
    await expect(page.getByTestId("billing-available")).toHaveText("$0.50");
    await expect(page.getByTestId("ledger-row").filter({ hasText: "Operator adjustment" })).toContainText("−$14.50");
    await snap(page, "billing-low-balance");
  });
});
