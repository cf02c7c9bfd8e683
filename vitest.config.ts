import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // Same as tsconfig "paths": { "@/*": ["./*"] }.
      "@/": `${root}/`,
      // "server-only" throws outside React Server Components; server modules are what we test.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "test/**/*.test.ts", "app/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next/**", ".data/**"],
    // One PostgreSQL + migrated template per run; one database per worker from that template.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-env.ts"],
    hookTimeout: 30_000,
    // next-auth imports "next/server" without an extension, which Node's ESM resolver
    // refuses; inlining lets Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
  },
});
