/** Plain HTTP against the real server, as a browser on the same site would send it. */
import { inject } from 'vitest';

export const baseURL = inject('baseURL');

/** Headers a same-origin form post carries. */
export function formHeaders(cookie?: string): Record<string, string> {
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    Origin: baseURL,
    ...(cookie ? { Cookie: cookie } : {}),
  };
}

export async function postForm(
  path: string,
  fields: Record<string, string> | URLSearchParams,
  cookie?: string,
): Promise<Response> {
  return fetch(new URL(path, baseURL), {
    method: 'POST',
    headers: formHeaders(cookie),
    body: new URLSearchParams(fields as Record<string, string>),
    redirect: 'manual',
  });
}

/** Signs in and returns the session cookie (`name=value`). */
export async function signInCookie(email: string, password: string): Promise<string> {
  const res = await postForm('/en/login', { email, password, next: '/en/account' });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('oqu_session='));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  return cookie.split(';')[0]!;
}

export async function get(path: string, cookie?: string): Promise<Response> {
  return fetch(new URL(path, baseURL), { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
}
