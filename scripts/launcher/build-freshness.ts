// Whether `.next` holds a build of the current sources (the launcher and bench:api ask).
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

// Anything whose change needs a new `next build`. mtimes only: a walk of these is ~ms.
const BUILD_INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package.json", "prisma/schema.prisma"];

/** The newest mtime under these paths (relative to the working directory). */
export function newest(paths: string[]): number {
  let max = 0;
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return; // optional input (e.g. no components/ yet)
    }
    // A directory's own mtime moves when an entry is added, deleted or renamed in it, so
    // removals trigger a rebuild too, not just edits.
    max = Math.max(max, st.mtimeMs);
    if (st.isDirectory()) for (const e of readdirSync(p)) if (!e.startsWith(".") && e !== "node_modules") visit(path.join(p, e));
  };
  paths.forEach(visit);
  return max;
}

/** True when there is no build, or a source changed after it. */
export function buildIsStale(): boolean {
  const built = existsSync(".next/BUILD_ID") ? statSync(".next/BUILD_ID").mtimeMs : 0;
  return newest(BUILD_INPUTS) > built;
}
