// What an extractor found in a message: a value for one question, where in the text it stood,
// and how sure the words make it.
import type { AnswerValue } from '../answers';

export interface Finding {
  questionId: string;
  value: AnswerValue;
  label: string;
  start: number;
  end: number;
  /**
   * The words say which question it answers ("5 jaar ervaring", "in Utrecht", "mbo 3 gehaald").
   * A bare value ("5", "ja") answers only the question the bot just asked.
   */
  contextual: boolean;
  /** A vague word ("fulltime", "parttime"): a precise value in the same message wins. */
  weak?: boolean;
  range?: [number, number];
}

export interface ExtractContext {
  text: string;
  folded: string;
  /** The question the bot just asked. */
  current: string | null;
  today: Date;
}
