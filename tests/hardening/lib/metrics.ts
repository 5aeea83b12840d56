/** Reading a Prometheus text scrape in the tests of the server's metrics. */

export type Samples = Map<string, number>;

/** The samples of a scrape, keyed `name{a="1",b="2"}` with the labels in name order. */
export function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`);
    samples.set(`${match[1]}{${labels.sort().join(',')}}`, Number(match[3]));
  }
  return samples;
}

export const key = (name: string, labels: Record<string, string> = {}) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',')}}`;

export const value = (s: Samples, name: string, labels?: Record<string, string>) => s.get(key(name, labels)) ?? 0;

/** The sum of a metric's samples whose labels include `labels`. */
export function total(s: Samples, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const [k, v] of s) {
    const inner = k.startsWith(`${name}{`) ? k.slice(name.length + 1, -1).split(',') : null;
    if (inner && wanted.every((w) => inner.includes(w))) sum += v;
  }
  return sum;
}
