// npm run db:new -- <name>
//
// Creates prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the database
// from "all existing migrations applied" to prisma/schema.prisma. This replaces
// `prisma migrate dev --create-only`, which the offline WASM engine cannot run. Nothing is
// applied; review the file, then `npm run db:deploy`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliError, ensureMigrationLock, migrationsDir, prisma, withPostgres } from './prisma/tools';

const raw = process.argv.slice(2).join('_');
const name = raw.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
if (!name) {
  console.error('Usage: npm run db:new -- <migration_name>   (e.g. npm run db:new -- add_invites)');
  process.exit(1);
}

ensureMigrationLock();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'db-new-'));
try {
  process.exitCode = await createMigration(path.join(tmp, 'migration.sql'));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

async function createMigration(out: string): Promise<number> {
  const result = await withPostgres((url) =>
    prisma(
      ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--script', '--exit-code', '--output', out],
      { DATABASE_URL: url },
    ),
  );
  // --exit-code: 0 = no difference, 2 = difference, anything else = error. Exit 0 alone is not
  // trusted: if the engine dies early, the CLI prints nothing and also exits 0.
  const output = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (result.code === 0 && output.trim() === '-- This is an empty migration.') {
    console.log('no changes: the migrations already match prisma/schema.prisma');
    return 0;
  }
  if (result.code !== 2 || !output.trim()) {
    console.error(cliError(result) || `prisma migrate diff failed without output (exit code ${result.code})`);
    return 1;
  }
  const dir = path.join(migrationsDir, `${nextTimestamp()}_${name}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'migration.sql'), output.trim() + '\n');
  console.log(`Created ${path.relative(process.cwd(), path.join(dir, 'migration.sql'))}`);
  console.log('Review it (add data migrations, check destructive steps), then: npm run db:deploy');
  return 0;
}

// Prisma's YYYYMMDDHHMMSS (UTC), kept strictly after the newest existing migration so the
// directory order, which is the apply order, stays right even with a skewed clock.
function nextTimestamp(): string {
  const latest = fs
    .readdirSync(migrationsDir)
    .map((d) => /^(\d{14})_/.exec(d)?.[1])
    .filter((t): t is string => !!t)
    .sort()
    .at(-1);
  let t = new Date(Math.floor(Date.now() / 1000) * 1000);
  if (latest) {
    const last = Date.UTC(+latest.slice(0, 4), +latest.slice(4, 6) - 1, +latest.slice(6, 8), +latest.slice(8, 10), +latest.slice(10, 12), +latest.slice(12, 14));
    if (t.getTime() <= last) t = new Date(last + 1000);
  }
  return t.toISOString().replace(/\D/g, '').slice(0, 14);
}
