/**
 * Every keyboard shortcut, in one table: the global handler matches against it and the
 * keyboard map (`?`) renders it, so the two cannot disagree.
 */
export type Command =
  | 'next' | 'prev' | 'focusGrid' | 'focusFilter' | 'claim' | 'release' | 'focusForm' | 'outcome' | 'decide' | 'decideNext' | 'escape'
  | 'toggleSelect' | 'bulk' | 'checkout' | 'tabs' | 'inbox' | 'help' | 'syncNow' | 'adopt'
  | 'escalate' | 'escalated'
  | 'viewerOpen' | 'viewerNext' | 'viewerPrev' | 'viewerZoomIn' | 'viewerZoomOut' | 'viewerFit' | 'viewerActual' | 'viewerRotateLeft' | 'viewerRotateRight' | 'viewerCompare';

export interface Binding {
  command: Command;
  group: 'navigate' | 'decide' | 'bulk' | 'app' | 'viewer';
  /** Keys as shown in the map. */
  label: string[];
  /** Whether the event triggers the command; `arg` is e.g. the outcome number or tab index. */
  match: (e: KeyLike) => boolean | number;
  /** Plain-letter shortcuts must not fire while the reviewer types in a field. */
  whileTyping: boolean;
}

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const plain = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;
const letter = (k: string) => (e: KeyLike) => plain(e) && !e.shiftKey && e.key.toLowerCase() === k;
const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;

export const BINDINGS: Binding[] = [
  { command: 'next', group: 'navigate', label: ['J'], match: letter('j'), whileTyping: false },
  { command: 'prev', group: 'navigate', label: ['K'], match: letter('k'), whileTyping: false },
  { command: 'focusGrid', group: 'navigate', label: ['G'], match: letter('g'), whileTyping: false },
  { command: 'focusFilter', group: 'navigate', label: ['/'], match: (e) => plain(e) && e.key === '/', whileTyping: false },
  { command: 'claim', group: 'decide', label: ['C'], match: letter('c'), whileTyping: false },
  { command: 'release', group: 'decide', label: ['R'], match: letter('r'), whileTyping: false },
  { command: 'focusForm', group: 'decide', label: ['D'], match: letter('d'), whileTyping: false },
  {
    command: 'outcome', group: 'decide', label: ['1', '…', '9', '0'],
    match: (e) => (plain(e) && /^[0-9]$/.test(e.key) ? (e.key === '0' ? 10 : Number(e.key)) : false), whileTyping: false,
  },
  { command: 'decideNext', group: 'decide', label: ['Ctrl', 'Enter'], match: (e) => mod(e) && !e.shiftKey && e.key === 'Enter', whileTyping: true },
  { command: 'decide', group: 'decide', label: ['Ctrl', 'Shift', 'Enter'], match: (e) => mod(e) && e.shiftKey && e.key === 'Enter', whileTyping: true },
  { command: 'escape', group: 'app', label: ['Esc'], match: (e) => e.key === 'Escape', whileTyping: true },
  { command: 'toggleSelect', group: 'bulk', label: ['X'], match: letter('x'), whileTyping: false },
  { command: 'bulk', group: 'bulk', label: ['B'], match: letter('b'), whileTyping: false },
  { command: 'checkout', group: 'bulk', label: ['O'], match: letter('o'), whileTyping: false },
  {
    command: 'tabs', group: 'app', label: ['Alt', '1…4'],
    match: (e) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return false;
      // e.code: Alt+digit yields other characters on some layouts.
      const m = /^Digit([1-4])$/.exec(e.code ?? '') ?? /^([1-4])$/.exec(e.key);
      return m ? Number(m[1]) : false;
    },
    whileTyping: true,
  },
  { command: 'inbox', group: 'app', label: ['I'], match: letter('i'), whileTyping: false },
  { command: 'syncNow', group: 'app', label: ['S'], match: letter('s'), whileTyping: false },
  { command: 'escalate', group: 'decide', label: ['E'], match: letter('e'), whileTyping: false },
  { command: 'escalated', group: 'app', label: ['Shift', 'E'], match: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 'e', whileTyping: false },
  { command: 'help', group: 'app', label: ['?'], match: (e) => !e.ctrlKey && !e.metaKey && !e.altKey && e.key === '?', whileTyping: false },
  // The evidence viewer: its keys act only while it is open (V opens it on the shown case).
  { command: 'viewerOpen', group: 'viewer', label: ['V'], match: letter('v'), whileTyping: false },
  { command: 'viewerNext', group: 'viewer', label: ['→', 'L'], match: (e) => plain(e) && !e.shiftKey && (e.key === 'ArrowRight' || e.key.toLowerCase() === 'l'), whileTyping: false },
  { command: 'viewerPrev', group: 'viewer', label: ['←', 'H'], match: (e) => plain(e) && !e.shiftKey && (e.key === 'ArrowLeft' || e.key.toLowerCase() === 'h'), whileTyping: false },
  { command: 'viewerZoomIn', group: 'viewer', label: ['+'], match: (e) => plain(e) && (e.key === '+' || e.key === '='), whileTyping: false },
  { command: 'viewerZoomOut', group: 'viewer', label: ['-'], match: (e) => plain(e) && (e.key === '-' || e.key === '_'), whileTyping: false },
  { command: 'viewerFit', group: 'viewer', label: ['F'], match: letter('f'), whileTyping: false },
  { command: 'viewerActual', group: 'viewer', label: ['A'], match: letter('a'), whileTyping: false },
  { command: 'viewerRotateLeft', group: 'viewer', label: ['['], match: (e) => plain(e) && e.key === '[', whileTyping: false },
  { command: 'viewerRotateRight', group: 'viewer', label: [']'], match: (e) => plain(e) && e.key === ']', whileTyping: false },
  { command: 'viewerCompare', group: 'viewer', label: ['P'], match: letter('p'), whileTyping: false },
  // After the viewer's keys: A is 1:1 while the viewer is open, and adopts the recommendation otherwise.
  { command: 'adopt', group: 'decide', label: ['A'], match: letter('a'), whileTyping: false },
];

/** The first binding that matches, with its argument (outcome number, tab index). */
/** Every binding a key matches, in the keymap's order (one key may mean one thing in a dialog and another outside it). */
export function matchBindings(e: KeyLike, typing: boolean): Array<{ command: Command; arg: number | null }> {
  return BINDINGS.flatMap((b) => {
    if (typing && !b.whileTyping) return [];
    const m = b.match(e);
    return m === false ? [] : [{ command: b.command, arg: typeof m === 'number' ? m : null }];
  });
}
