import { securityTxt } from "@/lib/http/security-txt";

export const dynamic = "force-dynamic";

// GET /.well-known/security.txt — how to report a vulnerability (RFC 9116)
export async function GET(req: Request): Promise<Response> {
  const body = securityTxt({
    appUrl: process.env.APP_URL ?? new URL(req.url).origin,
    contact: process.env.SECURITY_CONTACT || undefined,
    policyUrl: process.env.SECURITY_POLICY_URL || undefined,
  });
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
