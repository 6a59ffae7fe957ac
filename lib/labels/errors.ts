// Why a change to the labels is refused.
import { DomainError } from '../errors';

export class LabelExistsError extends DomainError {
  constructor(name: string) {
    super('conflict', `A label named "${name}" already exists.`, { code: 'label_exists' });
    this.name = 'LabelExistsError';
  }
}

export class UnknownLabelsError extends DomainError {
  constructor(ids: string[]) {
    super('invalid', 'Some of these labels do not exist.', { code: 'unknown_label', details: { unknown: ids } });
    this.name = 'UnknownLabelsError';
  }
}
