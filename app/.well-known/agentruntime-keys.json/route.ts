import { platformJwks } from "@/lib/platform-keys/platform-keys";

export const dynamic = "force-dynamic";

// GET /.well-known/agentruntime-keys.json — the platform's public signing keys (JWKS), to verify run receipts
export async function GET(): Promise<Response> {
  return Response.json(await platformJwks(), { headers: { "Cache-Control": "public, max-age=300" } });
}
