import { db } from "@/lib/db/client";
import { findPack } from "./packs";

/** One of the workspace's checkout sessions for the console (another tenant's id reads as missing). */
export async function getCheckoutSession(workspaceId: string, id: string) {
  if (!/^cs_[A-Za-z0-9_]{1,250}$/.test(id)) return null;
  const row = await db.checkoutSession.findFirst({ where: { id, workspaceId }, select: { status: true, packId: true, credits: true } });
  return row ? { status: row.status === "completed" ? ("completed" as const) : ("open" as const), packName: findPack(row.packId)?.name ?? row.packId, credits: Number(row.credits) } : null;
}
