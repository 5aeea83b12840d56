/**
 * A call's proposal form and scoring rubric, stored as JSON on the call and validated here with
 * zod (decision 040). The rubric is the assignments' rubric (criteria with levels and points)
 * with a description and a weight per criterion (rubric.ts, decision 053);
 * the form is a list of fields of a few kinds, labelled in every language the admin writes.
 */
import { z } from 'zod';
import { localizedText } from '#lib/courses/schema.ts';
import { callRubricSchema, DEFAULT_LEVELS, type CallCriterion } from './rubric.ts';

export const FIELD_KINDS = ['short', 'long', 'number', 'money', 'date', 'choice', 'file', 'budget'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Fields every form keeps: the results page and the budget rules read them. */
export const FIXED_FIELDS = ['title', 'location', 'problem', 'budget', 'requested'] as const;

/** The default form's team field: always identifying (blind review always hides the team). */
export const TEAM_FIELD = 'team';

/** The most fields a proposal form holds. */
export const MAX_FIELDS = 40;

export const formFieldSchema = z.strictObject({
  /** Stable id, unique in the form; answers are stored by it. */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  kind: z.enum(FIELD_KINDS),
  label: localizedText,
  required: z.boolean().default(true),
  /** For `choice`: the options, each in every language. */
  options: z.array(localizedText).default([]),
  /** Hidden from the jury in blind review (names, the team). */
  identifying: z.boolean().default(false),
});
export type FormField = z.infer<typeof formFieldSchema>;

export const proposalFormSchema = z
  .array(formFieldSchema)
  .min(1)
  .max(MAX_FIELDS)
  .superRefine((fields, ctx) => {
    const ids = fields.map((f) => f.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'field ids must be unique' });
    for (const fixed of FIXED_FIELDS)
      if (!ids.includes(fixed)) ctx.addIssue({ code: 'custom', message: `the form needs the field "${fixed}"` });
    if (fields.filter((f) => f.kind === 'budget').length !== 1)
      ctx.addIssue({ code: 'custom', message: 'the form needs exactly one table of budget lines' });
    for (const f of fields)
      if (f.kind === 'choice' && f.options.length < 2)
        ctx.addIssue({ code: 'custom', message: `the choice "${f.id}" needs at least two options` });
  });

/** A stored form, read back (a broken one is a broken invariant: the admin page wrote it). */
export function readForm(json: unknown): FormField[] {
  return proposalFormSchema.parse(json);
}

export function readRubric(json: unknown): CallCriterion[] {
  return callRubricSchema.parse(json);
}

const field = (
  id: string,
  kind: FieldKind,
  label: Record<'kk' | 'ru' | 'en', string>,
  extra: Partial<FormField> = {},
): FormField => ({ id, kind, label, required: true, options: [], identifying: false, ...extra });

/** The form a new call starts with. */
export const DEFAULT_FORM: FormField[] = [
  field('title', 'short', { kk: 'Жобаның атауы', ru: 'Название проекта', en: 'Project title' }),
  field('problem', 'long', { kk: 'Шешілетін мәселе', ru: 'Решаемая проблема', en: 'The problem it addresses' }),
  field('target-group', 'long', { kk: 'Мақсатты топ', ru: 'Целевая группа', en: 'Target group' }),
  field('location', 'short', { kk: 'Орны (қала, аудан)', ru: 'Место (город, район)', en: 'Location (city, district)' }),
  field('activities', 'long', { kk: 'Іс-шаралар', ru: 'Мероприятия', en: 'Activities' }),
  field('timeline', 'long', { kk: 'Мерзімдері', ru: 'Сроки', en: 'Timeline' }),
  field('budget', 'budget', { kk: 'Бюджет жолдары', ru: 'Статьи бюджета', en: 'Budget lines' }),
  field('requested', 'money', {
    kk: 'Сұралатын сома барлығы (теңге)',
    ru: 'Запрашиваемая сумма всего (тенге)',
    en: 'Total amount requested (tenge)',
  }),
  field(TEAM_FIELD, 'long', { kk: 'Команда', ru: 'Команда', en: 'Team' }, { identifying: true }),
  field('results', 'long', {
    kk: 'Күтілетін нәтижелер және оларды өлшеу тәсілі',
    ru: 'Ожидаемые результаты и как они будут измерены',
    en: 'Expected results and how they will be measured',
  }),
  field(
    'attachments',
    'file',
    {
      kk: 'Қосымша файлдар (сызбалар, фотосуреттер, хаттар)',
      ru: 'Приложения (схемы, фотографии, письма)',
      en: 'Attachments (plans, photos, letters)',
    },
    { required: false },
  ),
];

const criterion = (id: string, title: Record<'kk' | 'ru' | 'en', string>): CallCriterion => ({
  id,
  title,
  weight: 1,
  levels: DEFAULT_LEVELS,
});

/** The rubric a new call starts with: four criteria, 1, 3 or 5 points each. */
export const DEFAULT_RUBRIC: CallCriterion[] = [
  criterion('relevance', {
    kk: 'Мәселенің өзектілігі және мақсатты топ',
    ru: 'Актуальность проблемы и целевая группа',
    en: 'Relevance of the problem and target group',
  }),
  criterion('feasibility', {
    kk: 'Іс-шаралар мен мерзімдердің орындалуы',
    ru: 'Реалистичность мероприятий и сроков',
    en: 'Feasibility of activities and timeline',
  }),
  criterion('budget', {
    kk: 'Бюджеттің негізділігі',
    ru: 'Обоснованность бюджета',
    en: 'A budget that is justified',
  }),
  criterion('impact', {
    kk: 'Нәтижелер және оларды өлшеу',
    ru: 'Результаты и их измерение',
    en: 'Results and how they are measured',
  }),
];
