/** Reading a posted form safely: a broken body is "no form", a missing field is "". */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** A text field, cut to `max` characters (the domain validates it properly); a file is "". */
export function formText(form: FormData, name: string, max = 1000): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A one-line field (a code, an address, a choice) without the spaces around it. */
export function trimmedFormText(form: FormData, name: string, max = 1000): string {
  return formText(form, name, max).trim();
}
