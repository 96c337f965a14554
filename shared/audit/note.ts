/**
 * Signed notes, the layout Sigstore's Rekor and the Go checksum database sign their checkpoints
 * in (golang.org/x/mod/sumdb/note; C2SP signed-note):
 *
 *   <text, each line ending in \n>
 *   \n
 *   — <key name> <base64(key hash[4] ‖ Ed25519 signature[64])>\n   (one line per signature)
 *
 * The key hash is the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian;
 * a verifier key is written `name+<key hash, 8 hex digits>+base64(0x01 ‖ public key)`. Ed25519
 * itself is injected (Node's crypto in the console and the service).
 */
import { fromBase64, toBase64, toHex } from './encoding';
import type { Sha256 } from './merkle';

export interface Ed25519 {
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSignature {
  keyName: string;
  keyHash: number;
  signature: Uint8Array;
}

export interface SignedNote {
  text: string;
  signatures: NoteSignature[];
}

export interface VerifierKey {
  name: string;
  keyHash: number;
  publicKey: Uint8Array;
}

export class NoteError extends Error {
  override readonly name = 'NoteError';
}

const ALG_ED25519 = 1;
const SIG_PREFIX = '\u2014 ';
const encoder = new TextEncoder();

/** A key name: printable, no spaces, no plus sign (it separates the verifier key's fields). */
function checkKeyName(name: string): void {
  const control = [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (name.length === 0 || /[\s+]/.test(name) || control) throw new NoteError(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
}

export function keyHash(sha256: Sha256, name: string, publicKey: Uint8Array): number {
  const d = sha256(encoder.encode(`${name}\n`), Uint8Array.of(ALG_ED25519), publicKey);
  return (((d[0] as number) << 24) | ((d[1] as number) << 16) | ((d[2] as number) << 8) | (d[3] as number)) >>> 0;
}

export function verifierKey(sha256: Sha256, name: string, publicKey: Uint8Array): VerifierKey {
  checkKeyName(name);
  if (publicKey.length !== 32) throw new NoteError(`an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  return { name, keyHash: keyHash(sha256, name, publicKey), publicKey };
}

export function formatVerifierKey(k: VerifierKey): string {
  return `${k.name}+${k.keyHash.toString(16).padStart(8, '0')}+${toBase64(Uint8Array.of(ALG_ED25519, ...k.publicKey))}`;
}

/** Reads `name+hash+base64key`, checking that the hash belongs to the name and key. */
export function parseVerifierKey(sha256: Sha256, text: string): VerifierKey {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) throw new NoteError('a verifier key reads name+<8 hex digits>+<base64 key>');
  const [, name = '', hash = '', key = ''] = m;
  let raw: Uint8Array;
  try {
    raw = fromBase64(key);
  } catch {
    throw new NoteError('the verifier key is not base64 after its second "+"');
  }
  if (raw.length !== 33 || raw[0] !== ALG_ED25519) throw new NoteError('the verifier key is not an Ed25519 key (algorithm byte 1 and 32 bytes)');
  const k = verifierKey(sha256, name, raw.subarray(1));
  if (k.keyHash !== parseInt(hash, 16)) throw new NoteError(`the verifier key's hash ${hash} does not belong to its name and key`);
  return k;
}

export function keyFingerprint(sha256: Sha256, k: VerifierKey): string {
  return toHex(sha256(Uint8Array.of(ALG_ED25519), k.publicKey));
}

export function formatNote(note: SignedNote): string {
  if (!note.text.endsWith('\n')) throw new NoteError('a note\'s text ends with a newline');
  const lines = note.signatures.map((s) => {
    const body = new Uint8Array(4 + s.signature.length);
    new DataView(body.buffer).setUint32(0, s.keyHash);
    body.set(s.signature, 4);
    return `${SIG_PREFIX}${s.keyName} ${toBase64(body)}\n`;
  });
  return `${note.text}\n${lines.join('')}`;
}

/** Splits a note into its text and signatures; throws NoteError saying what is malformed. */
export function parseNote(note: string): SignedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a signed note has its text, a blank line, then its signatures: no blank line found');
  const text = note.slice(0, split + 1);
  const sigBlock = note.slice(split + 2);
  if (!sigBlock.endsWith('\n')) throw new NoteError('the note does not end with a newline: it may be truncated');
  const signatures: NoteSignature[] = [];
  for (const line of sigBlock.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError(`a signature line starts with "— ": ${JSON.stringify(line.slice(0, 40))}`);
    const [name = '', b64 = '', ...rest] = line.slice(SIG_PREFIX.length).split(' ');
    if (rest.length > 0) throw new NoteError('a signature line holds a key name and one base64 value');
    checkKeyName(name);
    let raw: Uint8Array;
    try {
      raw = fromBase64(b64);
    } catch {
      throw new NoteError(`the signature by ${name} is not base64`);
    }
    if (raw.length !== 4 + 64) throw new NoteError(`the signature by ${name} is ${raw.length} bytes; an Ed25519 one with its key hash is 68`);
    signatures.push({ keyName: name, keyHash: new DataView(raw.buffer, raw.byteOffset).getUint32(0), signature: raw.slice(4) });
  }
  if (signatures.length === 0) throw new NoteError('the note carries no signature');
  return { text, signatures };
}

/**
 * The note's text when `key` signed it. Signatures by other keys are ignored (a note may carry
 * witnesses' too); a signature that names this key and does not verify is an error, not ignored.
 */
export function openNote(note: string, key: VerifierKey, ed25519: Ed25519): string {
  const parsed = parseNote(note);
  const mine = parsed.signatures.filter((s) => s.keyName === key.name && s.keyHash === key.keyHash);
  if (mine.length === 0) {
    const names = parsed.signatures.map((s) => `${s.keyName}+${s.keyHash.toString(16).padStart(8, '0')}`).join(', ');
    throw new NoteError(`the note is not signed by the pinned key ${key.name}+${key.keyHash.toString(16).padStart(8, '0')} (signed by ${names})`);
  }
  const message = encoder.encode(parsed.text);
  for (const s of mine) {
    if (!ed25519.verify(key.publicKey, message, s.signature)) throw new NoteError(`the signature by ${key.name} does not verify: the note was altered or signed by another key of the same name`);
  }
  return parsed.text;
}
