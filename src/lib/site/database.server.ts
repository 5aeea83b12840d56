/**
 * The web server's one database, opened on first use from the environment (db/client.ts).
 * The middleware is its only caller: it hands the handle to every route as `Astro.locals.db`,
 * so routes never import db/ (tests/unit/architecture.test.ts checks that).
 */
export { sharedDatabase as serverDatabase, type Database } from '#db/client.ts';
