/**
 * What a browser may see of a quiz: prompts and choices in one language, without `correct`,
 * `accept` or `feedback`. Pages render only this shape, so an answer key cannot leak.
 */
import { LOCALES, readerChain, type Locale } from '#lib/i18n/locales.ts';
import { fallbackLang, pickLocalized, shownInstead, type Localized, type Picked } from '#lib/i18n/pick-text.ts';
import type { Quiz } from '#lib/courses/schema.ts';

/** `lang` is set when a text is shown in another language than the reader's (decision 020). */
export interface PublicChoice {
  id: string;
  text: string;
  lang?: Locale;
}

export interface PublicQuestion {
  id: string;
  type: Quiz['questions'][number]['type'];
  prompt: string;
  lang?: Locale;
  choices: PublicChoice[];
}

export interface PublicQuiz {
  title: string;
  titleLang?: Locale;
  /** The language to name in the fallback notice, when some text is not in the reader's. */
  shownIn?: Locale;
  /** Whether the page should show questions and choices in a new order on every visit. */
  shuffle: boolean;
  passPercent: number;
  maxAttempts?: number;
  questions: PublicQuestion[];
}

/** A small deterministic PRNG (mulberry32), so a shuffle can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of a copy, driven by `next`. */
export function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * The quiz as a reader of `locale` sees it. Questions and choices are shuffled when the quiz
 * asks for it (with `seed`, e.g. per attempt); `order` questions are always shuffled, since
 * their file lists the right order.
 */
export function toPublicQuiz(
  quiz: Quiz,
  locale: Locale,
  seed = 1,
  chain: readonly Locale[] = readerChain(LOCALES, locale),
): PublicQuiz {
  const picked: (Picked<string> | undefined)[] = [];
  const pick = (text: Localized<string> | undefined) => {
    const found = pickLocalized(text, locale, chain);
    picked.push(found);
    return { text: found?.value ?? '', lang: fallbackLang(found) };
  };
  const next = seededRandom(seed);
  const title = pick(quiz.title);
  const questions = quiz.questions.map((q): PublicQuestion => {
    const prompt = pick(q.prompt);
    const choices = (q.choices ?? []).map((c) => ({ id: c.id, ...pick(c.text) }));
    const mix = q.type === 'order' || (quiz.shuffle && q.type !== 'truefalse');
    const order = mix ? shuffled(choices, next) : choices;
    return { id: q.id, type: q.type, prompt: prompt.text, lang: prompt.lang, choices: order };
  });
  return {
    title: title.text,
    titleLang: title.lang,
    shownIn: shownInstead(picked),
    shuffle: quiz.shuffle,
    passPercent: quiz.passPercent,
    maxAttempts: quiz.maxAttempts,
    questions: quiz.shuffle ? shuffled(questions, next) : questions,
  };
}
