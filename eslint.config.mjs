import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { boundaryZones, GATEWAY_FORBIDDEN_PACKAGES } from "./eslint/boundaries.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ["node_modules/**", ".next/**", ".data/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "scripts/prisma/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The direction of imports between folders (eslint/boundaries.mjs).
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    ignores: ["**/*.test.ts"],
    rules: { "import/no-restricted-paths": ["error", { zones: boundaryZones }] },
  },
  {
    // The gateway is plain node:http: Next.js, next-auth and React stay out of it.
    files: ["gateway/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: GATEWAY_FORBIDDEN_PACKAGES, message: "The gateway process never loads Next.js, next-auth or React." }] }] },
  },
];
export default config;
