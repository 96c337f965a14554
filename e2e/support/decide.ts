/**
 * Filling the decision form with the keyboard alone, as the keyboard map teaches: the number
 * key the form shows beside an outcome picks it, D focuses the form, Tab walks its fields,
 * Ctrl+Enter decides and moves to the next case (Ctrl+Shift+Enter decides and stays).
 */
import { expect, type Page } from '@playwright/test';
import type { DecisionBody } from '../../shared/domain';

type ExtraField = 'decision-days' | 'decision-points' | 'decision-amount';

export interface TypedDecision {
  /** The outcome type, e.g. `warning`; its number key is read off the form. */
  outcome: string;
  /** Extra fields in the form's order, as typed: days, points, an amount in yuan. */
  extra: { testId: ExtraField; text: string }[];
  ruleRef: string;
  reason: string;
}

/** 8629 → "86.29": how a reviewer types an amount of fen in yuan. */
export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** "86.3" → 8630: what a yuan amount typed with at most two decimals is in fen. */
export function yuanTextToFen(text: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a yuan amount: ${text}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** What to type into the form to make exactly this decision body. */
export function typedFor(body: DecisionBody, ruleRef: string, reason: string): TypedDecision {
  const o: Record<string, unknown> = body.outcome;
  const extra: TypedDecision['extra'] = [];
  if (typeof o.days === 'number') extra.push({ testId: 'decision-days', text: String(o.days) });
  if (typeof o.points === 'number') extra.push({ testId: 'decision-points', text: String(o.points) });
  if (typeof o.amountFen === 'number') extra.push({ testId: 'decision-amount', text: fenToYuanText(o.amountFen) });
  return { outcome: body.outcome.type, extra, ruleRef, reason };
}

/** Types into the focused field, replacing what was there (the form carries the last draft over). */
async function replaceFocused(page: Page, testId: string, text: string): Promise<void> {
  await expect(page.getByTestId(testId), `${testId} should have the keyboard focus`).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await expect(page.getByTestId(testId)).toHaveValue(text);
}

/** Fills the form of the shown case with keys only; `submit` says which shortcut decides. */
export async function decideWithKeyboard(page: Page, d: TypedDecision, submit: 'next' | 'stay'): Promise<void> {
  const form = page.getByTestId('decision-form');
  await expect(form).toBeVisible();
  const radio = form.getByTestId(`decision-outcome-${d.outcome}`);
  const key = ((await radio.locator('xpath=..').locator('kbd').textContent()) ?? '').trim();
  expect(key, `the form shows a number key for ${d.outcome}`).toMatch(/^\d$/);
  await page.keyboard.press(key);
  await expect(radio).toBeChecked();
  await page.keyboard.press('d');
  await expect(radio).toBeFocused();
  for (const field of d.extra) {
    await page.keyboard.press('Tab');
    await replaceFocused(page, field.testId, field.text);
  }
  await page.keyboard.press('Tab');
  await replaceFocused(page, 'decision-rule', d.ruleRef);
  await page.keyboard.press('Tab');
  await replaceFocused(page, 'decision-reason', d.reason);
  await page.keyboard.press(submit === 'next' ? 'Control+Enter' : 'Control+Shift+Enter');
}
