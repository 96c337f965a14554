/**
 * What the rulebook functions hand back: recommendations with the clauses and facts behind
 * them, re-check results, and ledger entries.
 */
import { z } from 'zod';
import { DecisionBody, Fen, RuleRef, refusal, type Refusal, type RefusalCode, type RefusalParamsOf } from '../domain';

/** Who pays or receives money in a decision. A fine on a creator is the creator's, not the store's. */
export const LEDGER_PARTIES = ['merchant', 'creator', 'buyer', 'platform_fund', 'insurer', 'platform'] as const;
export const LedgerParty = z.enum(LEDGER_PARTIES);
export type LedgerParty = z.infer<typeof LedgerParty>;

/** Why money moves: lets a supervisor tell refunds from freight, advances, fines and reversals. */
export const LEDGER_PURPOSES = ['refund', 'compensation', 'freight', 'advance', 'settlement', 'fine', 'remedy', 'reversal'] as const;
export const LedgerPurpose = z.enum(LEDGER_PURPOSES);
export type LedgerPurpose = z.infer<typeof LedgerPurpose>;

export const LedgerEntry = z.object({
  payer: LedgerParty,
  payee: LedgerParty,
  amountFen: Fen.min(1),
  ruleRef: RuleRef,
  purpose: LedgerPurpose,
}).refine((e) => e.payer !== e.payee, 'a ledger entry moves money between two different parties');
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** A rule clause as the console shows it. */
export const ClauseText = z.object({ ref: RuleRef, text_zh: z.string(), text_en: z.string() });
export type ClauseText = z.infer<typeof ClauseText>;

/** A fact that produced a recommendation, in both languages; `code` is stable for tests and templates. */
export const Fact = z.object({ code: z.string(), text_zh: z.string(), text_en: z.string() });
export type Fact = z.infer<typeof Fact>;

export const Recommendation = z.object({
  rulebookVersion: z.string(),
  body: DecisionBody,
  /** The principal clause: the one a decision following this recommendation cites. */
  ruleRef: RuleRef,
  /** Every clause cited, principal first. */
  clauses: z.array(ClauseText),
  facts: z.array(Fact),
  /** Who bears the money of the recommended outcome, when money moves. */
  costBearer: LedgerParty.optional(),
  ledger: z.array(LedgerEntry),
});
export type Recommendation = z.infer<typeof Recommendation>;

/**
 * The re-check of a decision: refused with reasons (in English, each prefixed with the clause it
 * breaks, and as codes with parameters), or allowed, with `departure` when it differs from the
 * recommendation.
 */
export type CheckResult =
  | { ok: true; departure: boolean; recommended: Recommendation }
  | { ok: false; violations: string[]; refusals: Refusal[] };

/** A reason a decision breaks the rulebook, bound to the clause it breaks. */
export interface Breach { ref: RuleRef; message: string; refusal: Refusal }

/** A breach of clause `ref`: its code's parameters name the clause too. */
export function breach<C extends RefusalCode>(code: C, params: RefusalParamsOf<C> & { ruleRef: RuleRef }, message: string): Breach {
  return { ref: params.ruleRef, message, refusal: refusal(code, params, `${params.ruleRef}: ${message}`) };
}

export function breachText(b: Breach): string {
  return `${b.ref}: ${b.message}`;
}

/** Why a decision needs a second person (four-eyes): shown by clause, never a refusal. */
export interface ApprovalGround { ref: RuleRef; message: string }
