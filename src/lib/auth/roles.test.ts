import { expect, test } from 'vitest';
import { checkAccess } from './roles.ts';

test('each workspace admits its roles only', () => {
  expect(checkAccess(undefined, 'learner')).toBe('anonymous');
  expect(checkAccess({ role: 'learner' }, 'learner')).toBe('allowed');
  expect(checkAccess({ role: 'learner' }, 'trainer')).toBe('forbidden');
  expect(checkAccess({ role: 'trainer' }, 'trainer')).toBe('allowed');
  expect(checkAccess({ role: 'trainer' }, 'admin')).toBe('forbidden');
  expect(checkAccess({ role: 'admin' }, 'admin')).toBe('allowed');
  expect(checkAccess({ role: 'admin' }, 'trainer')).toBe('allowed');
});
