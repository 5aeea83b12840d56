/**
 * Sign-in takes as long for an unknown e-mail, an invited account that has no password yet,
 * and a wrong password, so timing does not say which addresses have accounts. Before the fix
 * an invited account answered in about 6 ms and a wrong password in about 24 ms (the stored
 * marker made argon2 fail at once). Medians over interleaved tries, each from its own
 * address; the threshold is loose (within a factor of two), as the machine is shared.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { users } from '#db/schema.ts';
import { seedUsers } from './lib/db.ts';
import { clientAddress } from './lib/http.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
beforeAll(async () => {
  w = await createWorld('sign-in-timing', {
    sessions: 1,
    beforeStart: async (db) => {
      await seedUsers(db, [{ email: 'known@oqu.test', name: 'Known Learner', sessions: 0 }]);
      // As a trainer's CSV import leaves a new trainee until they follow the invitation.
      await db.insert(users).values({
        id: 'invited-user-1',
        email: 'invited@oqu.test',
        displayName: 'Invited Trainee',
        passwordHash: '!invited:abc123',
        role: 'learner',
        locale: 'en',
        active: true,
        createdAt: new Date(),
      });
    },
  });
});
afterAll(async () => {
  await w?.close();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('sign-in timing', () => {
  test('unknown e-mail, invited account without a password and wrong password take about as long', async () => {
    const cases = { unknown: 'nobody-here@oqu.test', invited: 'invited@oqu.test', wrong: 'known@oqu.test' } as const;
    const times: Record<keyof typeof cases, number[]> = { unknown: [], invited: [], wrong: [] };
    let n = 0;
    // A warm-up round, then interleaved rounds so that load on the machine hits all cases alike.
    for (let round = 0; round < 21; round++) {
      for (const [name, email] of Object.entries(cases) as [keyof typeof cases, string][]) {
        const res = await w.http.post(
          '/en/login',
          { email, password: `not-the-password-${round}` },
          { from: clientAddress(4000 + n++) },
        );
        expect(res.status).toBe(400);
        if (round > 0) times[name].push(res.ms);
      }
    }
    const m = { unknown: median(times.unknown), invited: median(times.invited), wrong: median(times.wrong) };
    console.log(
      `[timing] median ms: unknown e-mail ${m.unknown.toFixed(1)}, invited ${m.invited.toFixed(1)}, wrong password ` +
        `${m.wrong.toFixed(1)}`,
    );
    for (const name of ['unknown', 'invited'] as const) {
      expect(m[name] / m.wrong, `${name} vs wrong password`).toBeGreaterThan(0.5);
      expect(m[name] / m.wrong, `${name} vs wrong password`).toBeLessThan(2);
    }
  });
});
