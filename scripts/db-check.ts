// npm run db:check  (CI)
//
// Fails when prisma/schema.prisma and prisma/migrations disagree, i.e. someone changed the schema
// without `npm run db:new -- <name>`, or edited a migration so that it no longer produces the
// schema. The migrations are replayed into a throwaway database, so a migration that does not
// apply also fails here. Needs no DATABASE_URL (see withPostgres). Hand-written SQL that Prisma
// does not model (triggers, functions, grants) is invisible to the comparison, by design.
import fs from 'node:fs';
import path from 'node:path';
import { cliError, migrationsDir, prisma, withPostgres } from './prisma/tools';

if (!fs.existsSync(path.join(migrationsDir, 'migration_lock.toml'))) {
  console.error('db:check: prisma/migrations/migration_lock.toml is missing. Create the first migration with `npm run db:new -- init`.');
  process.exit(1);
}

const result = await withPostgres((url) =>
  prisma(['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--exit-code'], {
    DATABASE_URL: url,
  }),
);

// --exit-code: 0 = no difference, 2 = difference, anything else = error. Exit 0 alone is not
// trusted: if the engine dies early, the CLI prints nothing and also exits 0.
if (result.code === 0 && result.stdout.includes('No difference detected.')) {
  console.log('db:check: prisma/migrations match prisma/schema.prisma');
} else if (result.code === 2) {
  const summary = result.stdout
    .split('\n')
    .filter((l) => !/^(Loaded Prisma config|Prisma schema loaded)/.test(l))
    .join('\n')
    .trim();
  console.error('db:check: prisma/schema.prisma has changes that no migration creates:\n');
  console.error(summary);
  console.error('\nCreate a migration for them with: npm run db:new -- <name>');
  process.exit(1);
} else {
  console.error('db:check: could not compare the migrations with the schema:\n');
  console.error(cliError(result) || `prisma migrate diff failed without output (exit code ${result.code})`);
  process.exit(1);
}
