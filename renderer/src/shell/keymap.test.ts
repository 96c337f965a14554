import { describe, expect, it } from 'vitest';
import { matchBindings, type KeyLike } from './keymap';

const matchBinding = (e: KeyLike, typing: boolean) => matchBindings(e, typing)[0] ?? null;

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('keymap', () => {
  it('maps letters when not typing only', () => {
    expect(matchBinding(key('c'), false)).toEqual({ command: 'claim', arg: null });
    expect(matchBinding(key('C', { shiftKey: true }), false)).toBeNull(); // Shift+C is not claim
    expect(matchBinding(key('c'), true)).toBeNull();
    expect(matchBinding(key('j'), false)?.command).toBe('next');
  });
  it('decides with Ctrl+Enter even in a field', () => {
    expect(matchBinding(key('Enter', { ctrlKey: true }), true)).toEqual({ command: 'decideNext', arg: null });
    expect(matchBinding(key('Enter', { ctrlKey: true, shiftKey: true }), true)).toEqual({ command: 'decide', arg: null });
    expect(matchBinding(key('Enter'), true)).toBeNull();
  });
  it('passes the outcome number and tab index', () => {
    expect(matchBinding(key('3'), false)).toEqual({ command: 'outcome', arg: 3 });
    expect(matchBinding(key('0'), false)).toEqual({ command: 'outcome', arg: 10 });
    expect(matchBinding(key('¡', { altKey: true, code: 'Digit1' }), true)).toEqual({ command: 'tabs', arg: 1 });
    expect(matchBinding(key('?', { shiftKey: true }), false)).toEqual({ command: 'help', arg: null });
  });

  it('gives A to the viewer (1:1) before the case view (adopt the recommendation)', () => {
    expect(matchBindings(key('a'), false).map((m) => m.command)).toEqual(['viewerActual', 'adopt']);
  });
});
