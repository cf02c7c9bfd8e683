import { defineConfig, devices } from "@playwright/test";
import { BASE_URL } from "./e2e/support/env";

// Browser tests against the app started the way users start it (`npm start`, production
// build) on a fresh embedded PostgreSQL, with a real SMTP catcher and a local OpenID
// provider (e2e/global-setup.ts). Serial and without retries: a flaky test is a bug.
export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    ...devices["Desktop Chrome"],
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: "node node_modules/.bin/tsx e2e/support/serve.ts",
    url: `${BASE_URL}/v1/openapi.json`,
    // The first start may build the app (next build) on a small machine.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
  },
});
