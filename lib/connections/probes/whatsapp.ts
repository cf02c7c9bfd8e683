import { WHATSAPP_GRAPH_VERSION } from "@/lib/schemas/connection-catalog";
import { safeRequest } from "@/lib/net/egress/safe-request";
import { fail, httpReason, networkReason, type ProbeResult } from "./result";

/** Graph API base; tests point it at a fake on 127.0.0.1. */
function whatsappGraphUrl(): string {
  return (process.env.WHATSAPP_GRAPH_URL || "https://graph.facebook.com").replace(/\/+$/, "");
}

/** Reads the phone number object, which proves the token and that the number belongs to it. */
export async function probeWhatsapp(fields: { phoneNumberId?: unknown }, token: string): Promise<ProbeResult> {
  const id = typeof fields.phoneNumberId === "string" && /^\d+$/.test(fields.phoneNumberId) ? fields.phoneNumberId : null;
  if (!id) return fail("The connection has no valid phone number ID");
  try {
    const res = await safeRequest(`${whatsappGraphUrl()}/${WHATSAPP_GRAPH_VERSION}/${id}`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
    return httpReason(res.status);
  } catch (err) {
    return networkReason(err);
  }
}
