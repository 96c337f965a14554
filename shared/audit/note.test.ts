import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from './checkpoint';
import { fromBase64 } from './encoding';
import { NoteError, formatNote, formatVerifierKey, keyHash, openNote, parseNote, parseVerifierKey, verifierKey, type Ed25519 } from './note';
import { pureSha256 } from './testing';

// The reference vector of golang.org/x/mod/sumdb/note (note_test.go): its key, text and signature.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SEED = fromBase64('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz').subarray(1);
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const pureEd25519: Ed25519 = { verify: (pub, msg, sig) => ed25519.verify(sig, msg, pub) };
const encoder = new TextEncoder();

describe('signed notes (the Go checksum database layout)', () => {
  it('reproduces the reference key, key hash and signature byte for byte', () => {
    const key = parseVerifierKey(pureSha256, VKEY);
    expect(key.name).toBe('PeterNeumann');
    expect(key.keyHash).toBe(0xc74f20a3);
    expect(formatVerifierKey(key)).toBe(VKEY);
    expect(ed25519.getPublicKey(SEED)).toEqual(key.publicKey);
    const signature = ed25519.sign(encoder.encode(TEXT), SEED);
    expect(formatNote({ text: TEXT, signatures: [{ keyName: key.name, keyHash: keyHash(pureSha256, key.name, key.publicKey), signature }] })).toBe(NOTE);
    expect(openNote(NOTE, key, pureEd25519)).toBe(TEXT);
  });

  it('refuses an altered text, an altered signature, and a note signed by another key of the same name', () => {
    const key = parseVerifierKey(pureSha256, VKEY);
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), key, pureEd25519)).toThrow(/does not verify/);
    const sigAt = NOTE.indexOf('x08go');
    expect(() => openNote(`${NOTE.slice(0, sigAt + 10)}A${NOTE.slice(sigAt + 11)}`, key, pureEd25519)).toThrow(NoteError);
    // Another key under the same name has another key hash: the pinned key's signature is missing.
    const otherSeed = new Uint8Array(32).fill(7);
    const other = verifierKey(pureSha256, 'PeterNeumann', ed25519.getPublicKey(otherSeed));
    const forged = formatNote({ text: TEXT, signatures: [{ keyName: other.name, keyHash: other.keyHash, signature: ed25519.sign(encoder.encode(TEXT), otherSeed) }] });
    expect(() => openNote(forged, key, pureEd25519)).toThrow(/not signed by the pinned key PeterNeumann\+c74f20a3/);
  });

  it('refuses malformed verifier keys: every cut of the reference key, and every byte changed', () => {
    const b = [...VKEY];
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i !== 0 || j !== b.length) expect(() => parseVerifierKey(pureSha256, b.slice(i, j).join('')), b.slice(i, j).join('')).toThrow(NoteError);
      }
    }
    for (let i = 0; i < b.length; i++) {
      const changed = [...b];
      changed[i] = String.fromCharCode(VKEY.charCodeAt(i) + 1);
      expect(() => parseVerifierKey(pureSha256, changed.join(''))).toThrow(NoteError);
    }
  });

  it('says what is wrong with a truncated or malformed note', () => {
    expect(() => parseNote(NOTE.slice(0, -1))).toThrow(/truncated/);
    expect(() => parseNote(TEXT)).toThrow(/no blank line/);
    expect(() => parseNote(`${TEXT}\n- PeterNeumann abc\n`)).toThrow(/starts with "— "/);
    expect(() => parseNote(`${TEXT}\n\u2014 PeterNeumann AAAA\n`)).toThrow(/68/);
  });
});

describe('checkpoints', () => {
  const root = pureSha256(encoder.encode('a root'));

  it('round-trips origin, size, root and time', () => {
    const c = { origin: 'docket.test/audit', size: 1234, root, signedAt: Date.UTC(2026, 11, 7, 22, 0, 0, 5) };
    const text = formatCheckpoint(c);
    expect(text).toBe(`docket.test/audit\n1234\n${btoa(String.fromCharCode(...root))}\ntime 2026-12-07T22:00:00.005Z\n`);
    expect(parseCheckpoint(text)).toEqual(c);
  });

  it('names the line at fault', () => {
    const good = formatCheckpoint({ origin: 'o', size: 1, root, signedAt: 0 });
    const lines = good.split('\n');
    expect(() => parseCheckpoint(good.replace('\n1\n', '\n-1\n'))).toThrow(/line 2/);
    expect(() => parseCheckpoint(good.replace('\n1\n', '\n01\n'))).toThrow(/line 2/);
    expect(() => parseCheckpoint([lines[0], lines[1], 'AAAA', lines[3], ''].join('\n'))).toThrow(/line 3.*3 bytes/);
    expect(() => parseCheckpoint([lines[0], lines[1], lines[2], ''].join('\n'))).toThrow(/time/);
    expect(() => parseCheckpoint(good.slice(0, -1))).toThrow(/newline/);
  });
});
