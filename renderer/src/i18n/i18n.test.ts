import { describe, expect, it } from 'vitest';
import { CASE_KINDS, CASE_STATUSES, GUARANTEES, PRODUCT_CATEGORIES, REFUSAL_CODES, REFUSAL_PARAMS, REGIONS, ROLES, SEVERITIES, VIOLATION_CATEGORIES } from '../../../shared/domain';
import { CONFLICT_REASONS, REJECT_CODES } from '../../../shared/sync/protocol';
import { API_ERROR_CODES } from '../../../shared/api';
import { OUTCOMES } from '../case/decisionForm';
import { FACT_KEYS } from '../case/factsDraft';
import { LEDGER_PARTIES, LEDGER_PURPOSES } from '../../../shared/rulebook/types';
import { LEDGER_GROUPINGS } from '../../../shared/sync/protocol';
import { NO_REDECIDE_REASONS } from '../conflicts/inboxActions';
import { shownParams, UNSHOWN_PARAMS } from '../format/refusals';
import { BINDINGS } from '../shell/keymap';
import { en } from './en';
import { zhCN } from './zh-CN';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const zhKeys = keys(zhCN as unknown as Tree);
const enKeys = keys(en as unknown as Tree);

describe('i18n resources', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
  });
  it('use the same placeholders in both languages, and no empty strings', () => {
    for (const k of zhKeys) {
      const zh = lookup(zhCN as unknown as Tree, k) ?? '';
      const e = lookup(en as unknown as Tree, k) ?? '';
      expect(placeholders(e), k).toEqual(placeholders(zh));
      expect(zh.length, k).toBeGreaterThan(0);
      expect(e.length, k).toBeGreaterThan(0);
    }
  });
  it('name every domain value the UI shows', () => {
    const needed = [
      ...CASE_KINDS.map((v) => `kind.${v}`), ...CASE_STATUSES.map((v) => `status.${v}`), ...SEVERITIES.map((v) => `severity.${v}`),
      ...PRODUCT_CATEGORIES.map((v) => `category.${v}`), ...REGIONS.map((v) => `region.${v}`), ...ROLES.map((v) => `role.${v}`),
      ...GUARANTEES.map((v) => `guarantee.${v}`), ...VIOLATION_CATEGORIES.map((v) => `violationCategory.${v}`),
      ...[...CONFLICT_REASONS, ...REJECT_CODES].map((v) => `conflicts.reason.${v}`), ...API_ERROR_CODES.map((v) => `error.${v}`),
      ...CASE_KINDS.flatMap((k) => OUTCOMES[k].map((o) => `outcome.${k}.${o}`)), ...BINDINGS.map((b) => `keyboard.action.${b.command}`),
      ...FACT_KEYS.map((k) => `facts.field.${k}`), ...LEDGER_PARTIES.map((p) => `ledgerParty.${p}`), ...LEDGER_PURPOSES.map((p) => `ledgerPurpose.${p}`),
      ...LEDGER_GROUPINGS.map((g) => `ledger.byOption.${g}`), ...(['pending', 'approved', 'rejected'] as const).map((s) => `approval.state.${s}`),
      ...CASE_KINDS.map((v) => `kindOne.${v}`), ...(['approved', 'rejected'] as const).map((s) => `conflicts.verdict.${s}`),
      ...(['in_effect', 'awaiting_approval', 'sent_back'] as const).map((s) => `statement.state.${s}`), ...NO_REDECIDE_REASONS.map((w) => `conflicts.why.${w}`),
    ];
    for (const k of needed) expect(zhKeys, k).toContain(k);
  });
  it('say every refusal code of the case service and the console, with exactly the parameters the code shows', () => {
    expect(REFUSAL_CODES.length).toBeGreaterThan(50);
    for (const code of REFUSAL_CODES) {
      const params = shownParams(code).sort();
      for (const [lang, tree] of [['zh-CN', zhCN], ['en', en]] as const) {
        const sentence = lookup(tree as unknown as Tree, `refusal.${code}`);
        expect(sentence, `${lang} refusal.${code}`).toBeDefined();
        expect(placeholders(sentence ?? ''), `${lang} refusal.${code}`).toEqual(params);
      }
    }
    // A parameter left out of the sentence is one the code carries.
    for (const [code, unshown] of Object.entries(UNSHOWN_PARAMS)) {
      for (const name of unshown) expect(REFUSAL_PARAMS[code as keyof typeof REFUSAL_PARAMS], `${code}.${name}`).toContain(name);
    }
  });
  it('has every t() key used in the source', () => {
    const sources = import.meta.glob(['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts', '!../i18n/*.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) if (m[1]) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    // A plural key is there as its forms (`_one`, `_other`): i18next picks one by `count`.
    expect([...used].filter((k) => !zhKeys.includes(k) && !zhKeys.includes(`${k}_other`))).toEqual([]);
  });
});
