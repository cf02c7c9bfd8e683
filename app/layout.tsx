import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";
import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: { default: "AgentRuntime", template: "%s · AgentRuntime" },
  description: "Governance-first control plane for AI agents and agent workflows",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Render every page per request: proxy.ts sends a nonce-based CSP, and Next stamps that
  // nonce on its scripts only when rendering at request time (a prerendered page's scripts
  // would carry none and be blocked).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
