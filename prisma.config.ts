import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const root = path.dirname(fileURLToPath(import.meta.url));

// Prisma 7 no longer reads .env by itself. Real environment variables win over the file.
if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

fallBackToWasmSchemaEngineIfBinaryMissing();

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Optional: `prisma generate` / `validate` work without a database.
  datasource: { url: process.env.DATABASE_URL },
});

/**
 * Offline fallback (see README, "Prisma offline"). The CLI downloads its native schema engine
 * from binaries.prisma.sh on first use (npm postinstall of @prisma/engines); where that host is
 * unreachable every command fails, even `prisma --version`. When — and only when — the native
 * binary is absent, point the CLI at a stand-in that runs the WASM build of the same engine.
 * This file is loaded before the CLI looks for the engine, so setting the variable here works.
 *
 * PRISMA_OFFLINE_ENGINE=1 forces the stand-in, =0 disables it.
 */
function fallBackToWasmSchemaEngineIfBinaryMissing() {
  const force = process.env.PRISMA_OFFLINE_ENGINE;
  if (force === '0') return;
  // Respect an engine chosen explicitly (PRISMA_MIGRATION_ENGINE_BINARY is the legacy name).
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.env.PRISMA_MIGRATION_ENGINE_BINARY) return;
  if (force !== '1' && nativeSchemaEngineInstalled()) return;
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(root, 'scripts/prisma/schema-engine.mjs');
}

// The directories the CLI searches for `schema-engine-<platform>` (@prisma/engines is where the
// postinstall download lands); any platform counts, so a present binary is never shadowed.
function nativeSchemaEngineInstalled() {
  const modules = path.join(root, 'node_modules');
  const dirs = [
    path.join(modules, '@prisma/engines'),
    path.join(modules, 'prisma'),
    path.join(modules, 'prisma/runtime'),
    modules,
  ];
  return dirs.some((dir) => {
    try {
      return fs.readdirSync(dir).some((f) => /^schema-engine-(?!.*\.(gz|sha256|tmp)$)/.test(f));
    } catch {
      return false;
    }
  });
}
