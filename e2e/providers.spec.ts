import { expect, test } from "@playwright/test";
import { startFakeVendors } from "../test/llm/fake-vendors";
import { ownerWithWorkspace, snap } from "./support/flows";

// An OpenAI-compatible provider pointing at a fake vendor on 127.0.0.1 (allowed for the e2e
// server by LLM_BASE_URL_ALLOWLIST): add it with a write-only key, validate, see its models,
// then give the project's `default` role one of them.
const KEY = "compat-e2e-canary-key-5f1c9a";

test("add an OpenAI-compatible provider, validate it, use it for a project role", async ({ page, request }) => {
  const fake = await startFakeVendors({ openai: "unused-openai", anthropic: "unused-anthropic", google: "unused-google", compat: KEY });
  try {
    const { slug } = await ownerWithWorkspace(page, request, {
      emailLabel: "providers",
      password: "providers-Passphrase-42",
      name: "Pat Provider",
      workspaceName: "LLM Co",
      slugPrefix: "llm",
    });

    await test.step("add and validate the provider; the key is never shown", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "LLM providers" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "LLM providers" })).toBeVisible();
      await page.getByRole("combobox", { name: "Vendor" }).click();
      await page.getByRole("option", { name: "OpenAI-compatible" }).click();
      await page.getByRole("textbox", { name: "Name" }).fill("Local Llama");
      await page.getByLabel("API key").fill(KEY);
      await page.getByRole("textbox", { name: "Base URL" }).fill(fake.urls.compat);
      await page.getByRole("button", { name: "Add and validate" }).click();
      const card = page.getByRole("listitem", { name: "Local Llama" });
      await expect(card.getByTestId("provider-status")).toHaveText("Active");
      const models = card.getByRole("list", { name: "Models of Local Llama" });
      await expect(models.getByText("llama-3.1-8b")).toBeVisible();
      await expect(models.getByText("mixtral-8x7b")).toBeVisible();
      await expect(card.getByText(`…${KEY.slice(-4)}`)).toBeVisible();
      await expect(page.getByLabel("API key")).toHaveValue("");
      expect(await page.content()).not.toContain(KEY);
      expect(fake.seen.filter((s) => s.vendor === "compat" && s.path === "/compat/v1/models").length).toBe(1);
      await snap(page, "providers");
    });

    await test.step("set the default role of the default project to a model of that provider", async () => {
      await page.goto(`/w/${slug}/projects/default`);
      await expect(page.getByRole("heading", { name: "Models" })).toBeVisible();
      const form = page.getByRole("form", { name: "Set a model" });
      await expect(form.getByRole("textbox", { name: "Role" })).toHaveValue("default");
      // The model is picked from the provider's validated list, not typed.
      await form.getByRole("combobox", { name: "Model", exact: true }).click();
      await page.getByRole("option", { name: "llama-3.1-8b" }).click();
      await form.getByRole("button", { name: "Save" }).click();
      const settings = page.getByRole("list", { name: "Model settings" });
      await expect(settings.getByText("llama-3.1-8b")).toBeVisible();
      await expect(settings.getByText("Local Llama")).toBeVisible();
      await snap(page, "model-settings");
    });
  } finally {
    await fake.close();
  }
});
