import { tenantWhere, type ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { createWorkflow } from "./create-workflow";
import { publishWorkflow } from "./publish-workflow";
import { helloGraph } from "./templates";

const HELLO_SLUG = "hello";

/**
 * The demo `hello` workflow (trigger → greeting transform → output), created and published
 * once. Idempotent: an existing `hello` is left as it is, only published if it never was.
 */
export async function seedHelloWorkflow(scope: ActingScope): Promise<{ id: string; latestVersion: number }> {
  const existing = await db.workflow.findFirst({ where: { ...tenantWhere(scope), slug: HELLO_SLUG } });
  const id =
    existing?.id ??
    (
      await createWorkflow(scope, {
        name: "Hello",
        slug: HELLO_SLUG,
        description: "Greets `input.name`: a trigger, one transform step and an output.",
        graph: helloGraph(),
      })
    ).id;
  if (existing && existing.latestVersion > 0) return { id, latestVersion: existing.latestVersion };
  const version = await publishWorkflow(scope, id, { note: "Seeded by npm run seed" });
  return { id, latestVersion: version.number };
}
