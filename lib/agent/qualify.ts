// Qualification from the configured rules: the first rule whose conditions all hold wins.
import type { AnswerValue } from './answers';
import type { ScreeningConfig } from './config';

export type QualificationResult = 'QUALIFIED' | 'MAYBE' | 'NOT_A_FIT';

export function qualify(config: ScreeningConfig, answers: Record<string, { value: AnswerValue }>): QualificationResult {
  for (const rule of config.qualification.rules) {
    const holds = Object.entries(rule.when).every(([questionId, condition]) => {
      const answer = answers[questionId];
      if (answer === undefined) return false;
      const value = answer.value;
      if (condition.min !== undefined && !(typeof value === 'number' && value >= condition.min)) return false;
      if (condition.max !== undefined && !(typeof value === 'number' && value <= condition.max)) return false;
      if (condition.equals !== undefined && value !== condition.equals) return false;
      if (condition.in !== undefined && !condition.in.includes(String(value))) return false;
      return true;
    });
    if (holds) return rule.result;
  }
  return config.qualification.otherwise;
}
