import { defineConfig } from 'prisma/config';
process.env.PRISMA_SCHEMA_ENGINE_BINARY = '/tmp/se-test/fake.cjs';
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
