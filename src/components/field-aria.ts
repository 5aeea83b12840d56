/**
 * The accessibility attributes of a form control inside a FieldFrame: invalid when it has an error, described by
 * its hint and its error (the ids FieldFrame gives them), so screen readers announce both.
 */
export function fieldAria(
  id: string,
  { hint, error }: { hint?: string | undefined; error?: string | undefined },
): { 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined } {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy || undefined };
}
