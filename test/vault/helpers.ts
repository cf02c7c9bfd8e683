import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { SecretRef } from "@/lib/vault";

/** A bare workspace (no members: the vault only needs the WorkspaceKey foreign key). */
export async function newWorkspaceId(): Promise<string> {
  const slug = `vault-${randomBytes(5).toString("hex")}`;
  const workspace = await db.workspace.create({ data: { id: newId("workspace"), slug, name: slug } });
  return workspace.id;
}

export function ref(workspaceId: string, rowId = `con_${randomBytes(6).toString("hex")}`, column = "secret", table = "Connection"): SecretRef {
  return { workspaceId, table, rowId, column };
}

/** The VaultError message of a rejected promise, or null when it resolved. */
export async function failure(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    if (!(err instanceof Error) || err.name !== "VaultError") throw err;
    return err.message;
  }
}
