import type { CaseKind } from '../../../shared/domain';
import type { DecisionDraft } from './decisionForm';

/** Who is signed in, on which console: drafts belong to the pair and to no one else. */
export interface SignInScope {
  staffId: string;
  clientId: string;
}

const RECENT_RULES = 8;

/**
 * What the decision form carries from one case to the next, for the staff member signed in:
 * the last draft decided per kind (a run of similar cases is fast) and the recently cited
 * clauses per kind (offered as suggestions). A sign-in of someone else, or on another
 * console, starts empty: one reviewer's drafts never appear for another.
 */
export class DecisionMemory {
  private scope: string | null = null;
  private readonly lastDrafts = new Map<CaseKind, DecisionDraft>();
  private readonly rules = new Map<CaseKind, string[]>();

  /** Makes `scope` the owner; a different owner than before finds nothing of the previous one. */
  signIn(scope: SignInScope): void {
    const key = `${scope.staffId}\u0000${scope.clientId}`;
    if (key === this.scope) return;
    this.scope = key;
    this.lastDrafts.clear();
    this.rules.clear();
  }

  lastDraft(kind: CaseKind): DecisionDraft | undefined {
    return this.scope === null ? undefined : this.lastDrafts.get(kind);
  }

  recentRules(kind: CaseKind): readonly string[] {
    return this.rules.get(kind) ?? [];
  }

  /** After a decision was accepted by the core: carry its draft, put its clause first. */
  decided(kind: CaseKind, draft: DecisionDraft, ruleRef: string): void {
    if (this.scope === null) return;
    this.lastDrafts.set(kind, draft);
    this.rules.set(kind, [ruleRef, ...this.recentRules(kind).filter((r) => r !== ruleRef)].slice(0, RECENT_RULES));
  }
}
