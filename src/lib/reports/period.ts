/** The report period from `?from=YYYY-MM&to=YYYY-MM` (months in Almaty time, both included). */
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function reportPeriod(params: URLSearchParams): {
  from: string;
  to: string;
  range: { from?: string; to?: string };
} {
  const from = MONTH.test(params.get('from') ?? '') ? params.get('from')! : '';
  const to = MONTH.test(params.get('to') ?? '') ? params.get('to')! : '';
  return { from, to, range: { ...(from && { from }), ...(to && { to }) } };
}
