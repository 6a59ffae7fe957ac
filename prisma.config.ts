// Prisma CLI configuration. The app itself connects through lib/db/client.ts; this file is read
// by `prisma generate` and, for users who have Prisma's schema engine, `prisma migrate deploy`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unset' },
});
