import type { ClassificationRule } from '../syncStore.js';
import { stems } from './normalize.js';

/** What classification looks at in a transaction. */
export interface Classifiable {
  direction: 'in' | 'out';
  operation_kind: string;
  purpose: string;
  counterparty_ref: string | null;
}

/** A rule with its keywords pre-stemmed (each keyword may be a phrase: all its stems must occur, in order). */
interface CompiledRule {
  rule: ClassificationRule;
  phrases: string[][] | null;
}

function containsPhrase(words: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * How specific a rule is: how many of the conditions operation kinds, keywords and counterparty it sets. The
 * direction does not count: it only repeats what the operation kind already says (ОплатаПоставщику is always
 * outgoing), and a rule with nothing but a direction is a catch-all.
 */
export function ruleSpecificity(rule: ClassificationRule): number {
  return (rule.operation_kinds ? 1 : 0) + (rule.keywords ? 1 : 0) + (rule.counterparty_ref ? 1 : 0);
}

/**
 * Chooses a category for a transaction: the first matching rule, the more specific first (see
 * {@link ruleSpecificity}: «ОплатаПоставщику» with the keyword «аренда» beats «ОплатаПоставщику» alone, whatever
 * their priorities), then by priority (lower first), then by id. A rule matches when every condition it gives
 * does: direction, operation kinds, a keyword of the purpose (case, ё/е and word forms folded) and the
 * counterparty. When no rule matches, the category the counterparty's transactions most often have (its
 * history); otherwise none. docs/classification.md explains the order.
 */
export class Classifier {
  private readonly rules: CompiledRule[];

  constructor(rules: readonly ClassificationRule[]) {
    this.rules = [...rules]
      .sort((a, b) => ruleSpecificity(b) - ruleSpecificity(a) || a.priority - b.priority || a.id - b.id)
      .map((rule) => ({ rule, phrases: rule.keywords ? rule.keywords.map((k) => stems(k)).filter((p) => p.length > 0) : null }));
  }

  /** The category id for the transaction, or null. `history` maps counterparty refs to their usual category. */
  classify(tx: Classifiable, history?: ReadonlyMap<string, number>): number | null {
    let words: string[] | null = null;
    for (const { rule, phrases } of this.rules) {
      if (rule.direction && rule.direction !== tx.direction) continue;
      if (rule.operation_kinds && !rule.operation_kinds.includes(tx.operation_kind)) continue;
      if (rule.counterparty_ref && rule.counterparty_ref !== tx.counterparty_ref) continue;
      if (phrases) {
        words ??= stems(tx.purpose);
        const w = words;
        if (!phrases.some((p) => containsPhrase(w, p))) continue;
      }
      return rule.category_id;
    }
    if (tx.counterparty_ref && history) return history.get(tx.counterparty_ref) ?? null;
    return null;
  }
}
