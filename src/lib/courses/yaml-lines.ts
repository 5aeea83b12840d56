/**
 * YAML for people who do not read parser messages: parses a file keeping the position of every
 * node, finds the line of a field named by a zod path (the nearest existing parent when the field
 * is missing, the key itself when it is unknown), and turns the first syntax error into one piece
 * of advice (quote a colon, indent with spaces) instead of a cascade of follow-on errors.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export interface ParsedYaml {
  /** The value, or undefined when the text has a syntax error. */
  data: unknown;
  /** The first syntax error, as advice: message key, line and params. */
  syntax?: { line: number; key: string; params: Record<string, string> };
  /** The line (1-based, in this text) of the node at `path`; with `key`, of the key of its last element. */
  lineOf: (path: readonly PropertyKey[], key?: string) => number | undefined;
}

/** Parses `text`; `firstLine` is the line of the text's first line in its file (front matter starts at 2). */
export function parseYamlWithLines(text: string, firstLine = 1): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const at = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  const lineOf = (path: readonly PropertyKey[], key?: string) => {
    const offset = offsetOf(doc, path, key);
    return offset === undefined ? undefined : at(offset);
  };
  const error = doc.errors[0];
  if (!error) return { data: doc.toJS(), lineOf };
  const lines = text.split(/\r?\n/);
  const index = (error.linePos?.[0]?.line ?? 1) - 1;
  // An unclosed [ or { is reported where the next key starts: point at the bracket instead.
  if (/end with a [\]}]/.test(error.message)) {
    for (let i = index; i >= 0; i--) {
      if (/[[{][^\]}]*$/.test(lines[i] ?? '')) {
        return {
          data: undefined,
          lineOf,
          syntax: {
            line: i + firstLine,
            key: 'validate.yaml.unclosed',
            params: { text: (lines[i] ?? '').trim().slice(0, 80) },
          },
        };
      }
    }
  }
  const line = index + firstLine;
  const source = lines[index] ?? '';
  return { data: undefined, lineOf, syntax: { line, ...adviceFor(error.code, source) } };
}

/** Advice for a YAML error code, given the text of its line. */
function adviceFor(code: string, source: string): { key: string; params: Record<string, string> } {
  const show = source.trim().slice(0, 80);
  if (code === 'TAB_AS_INDENT' || /^\s*\t/.test(source)) return { key: 'validate.yaml.tabs', params: { text: show } };
  if (code === 'DUPLICATE_KEY') return { key: 'validate.yaml.duplicate_key', params: { text: show } };
  // `title: Step one: plan` — a second ": " inside a value.
  const value = /^\s*(?:-\s+)?[\w-]+:\s+(.*)$/.exec(source)?.[1] ?? '';
  if (/:\s/.test(value) && !/^["'[{|>]/.test(value)) return { key: 'validate.yaml.colon', params: { text: show } };
  if (/^\s*(?:-\s+)?[\w-]+:\s+["'].*["']\s*\S/.test(source))
    return { key: 'validate.yaml.after_quote', params: { text: show } };
  if (code === 'BAD_INDENT' || code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    return { key: 'validate.yaml.indent', params: { text: show } };
  }
  if (code === 'MISSING_CHAR' || code === 'UNEXPECTED_TOKEN' || code === 'BAD_DQ_ESCAPE')
    return { key: 'validate.yaml.unclosed', params: { text: show } };
  return { key: 'validate.yaml.syntax', params: { text: show } };
}

/** Offset of the node at `path` (or of the nearest parent that exists). */
function offsetOf(doc: Document, path: readonly PropertyKey[], key?: string): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  const steps = key === undefined ? path : [...path, key];
  for (const step of steps) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      if (step === key) return rangeStart(pair.key) ?? best;
      node = pair.value;
      best = rangeStart(pair.key) ?? best;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      if (node === undefined) break;
      best = rangeStart(node) ?? best;
    } else break;
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}
