import { serveMcp } from "@/lib/mcp/handler";

// POST /mcp — Platform MCP (Streamable HTTP, 2026-07-28 and 2025-era stateless), PAT only
export const POST = serveMcp;
// GET /mcp — 2025-era SSE stream: not offered by a stateless server (405 once authenticated)
export const GET = serveMcp;
// DELETE /mcp — 2025-era session end: there are no sessions (405 once authenticated)
export const DELETE = serveMcp;

// Vercel: runs_start may wait up to 25 s (waitSeconds) for the run to end.
export const runtime = "nodejs";
export const maxDuration = 60;
