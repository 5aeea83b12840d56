/** Right and wrong form answers for a quiz file, as a trainee would fill them in. */
export interface QuizFile {
  questions: {
    id: string;
    type: string;
    prompt: Record<string, string>;
    choices?: { id: string; correct?: boolean; text: Record<string, string> }[];
    accept?: Record<string, string[]>;
  }[];
}

export function rightAnswers(quiz: QuizFile, locale = 'en'): URLSearchParams {
  const form = new URLSearchParams();
  for (const q of quiz.questions) {
    const choices = q.choices ?? [];
    if (q.type === 'text') form.append(`q.${q.id}`, q.accept![locale]![0]!);
    else if (q.type === 'order') choices.forEach((c, i) => form.append(`q.${q.id}.${c.id}`, String(i + 1)));
    else for (const c of choices.filter((c) => c.correct)) form.append(`q.${q.id}`, c.id);
  }
  return form;
}

export function wrongAnswers(quiz: QuizFile): URLSearchParams {
  const form = new URLSearchParams();
  for (const q of quiz.questions) {
    const choices = q.choices ?? [];
    if (q.type === 'text') form.append(`q.${q.id}`, 'no idea');
    else if (q.type === 'order')
      [...choices].reverse().forEach((c, i) => form.append(`q.${q.id}.${c.id}`, String(i + 1)));
    else {
      const wrong = choices.find((c) => !c.correct);
      if (wrong) form.append(`q.${q.id}`, wrong.id);
    }
  }
  return form;
}
