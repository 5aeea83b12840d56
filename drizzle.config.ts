/**
 * drizzle-kit: `npx drizzle-kit generate` turns changes to db/schema.ts into a new SQL file in
 * db/migrations/ (commit it). Migrations are applied by `npm run oqu -- migrate`, and by
 * `npm run serve` before the server starts.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
