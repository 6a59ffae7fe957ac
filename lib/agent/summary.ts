// The handoff summary a recruiter reads: each answer with the candidate's own words it was
// taken from, the qualification, and the questions the candidate asked that the bot could not answer.
import type { ScreeningAnswer } from '../definitions';
import { allQuestions, type Language, type ScreeningConfig } from './config';
import type { AgentState, HandoffReason, StoredAnswer } from './scripted';
import { questionLabel } from './scripted';

export type SummaryAnswer = ScreeningAnswer;

export interface HandoffSummary {
  reason: HandoffReason;
  qualification: string | null;
  language: string;
  answers: SummaryAnswer[];
  openQuestions: { text: string; at: string }[];
  at: string;
}

/** The screening answers in question order, each with the words it came from. */
export function summaryAnswers(config: ScreeningConfig, answers: Record<string, StoredAnswer | undefined>, language: Language): SummaryAnswer[] {
  return allQuestions(config)
    .filter((q) => answers[q.id])
    .map((q) => {
      const stored = answers[q.id]!;
      return { questionId: q.id, question: questionLabel(q, language), answer: stored.label, source: stored.source ?? stored.text ?? null };
    });
}

export function handoffSummary(config: ScreeningConfig, state: AgentState, handoff: { reason: HandoffReason; qualification: string | null }): HandoffSummary {
  return {
    reason: handoff.reason,
    qualification: handoff.qualification,
    language: state.language,
    answers: summaryAnswers(config, state.answers, state.language),
    openQuestions: state.openQuestions,
    at: new Date().toISOString(),
  };
}
