/** A trainee who registers and signs in through the pages, as a person would (with or without JavaScript). */
import type { Page } from 'playwright-core';
import { inject } from 'vitest';

const baseURL = inject('baseURL');
export const TRAINEE_PASSWORD = 'juniper-yurt-sunrise-9';

/** A unique address for one run of one test. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@oqu.test`;
}

/** Signs in on the login page and waits for "My learning". */
export async function signInOnPage(page: Page, email: string, password = TRAINEE_PASSWORD): Promise<void> {
  await page.goto(`${baseURL}/en/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);
}

/** Registers `name` on the registration page (agreeing to data processing), then signs in. */
export async function registerOnPage(page: Page, name: string, email: string): Promise<void> {
  await page.goto(`${baseURL}/en/register`);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TRAINEE_PASSWORD);
  await page.getByRole('checkbox', { name: /I agree to the processing of my personal data/ }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/en\/login\?registered=1/);
  await signInOnPage(page, email);
}
