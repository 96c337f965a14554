/**
 * The audit log's Merkle tree, in the style of RFC 9162 (Certificate Transparency 2.0):
 * leaf hash = SHA-256(0x00 ‖ entry), node hash = SHA-256(0x01 ‖ left ‖ right), the tree of n
 * leaves split at the largest power of two below n. Proofs are made from leaf hashes and checked
 * exactly as §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) say, including the final check that
 * the walk ends at zero. SHA-256 itself is injected: Node's native one in the console and the
 * service, where a million entries are hashed, and a pure one in tests of this layer.
 */

export type Digest = Uint8Array;
/** SHA-256 of the parts, concatenated. */
export type Sha256 = (...parts: Uint8Array[]) => Digest;

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export class TreeHasher {
  constructor(private readonly sha256: Sha256) {}
  /** The root of the empty tree: SHA-256 of nothing. */
  emptyRoot(): Digest {
    return this.sha256();
  }
  leaf(entry: Uint8Array): Digest {
    return this.sha256(LEAF_PREFIX, entry);
  }
  node(left: Digest, right: Digest): Digest {
    return this.sha256(NODE_PREFIX, left, right);
  }
}

export function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Why a proof does not hold: what was asked, and what is wrong with it. */
export class ProofError extends Error {
  override readonly name = 'ProofError';
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function checkSize(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new ProofError(`${what} must be a whole number ≥ 0, not ${String(n)}`);
}

const DIGEST_BYTES = 32;

function checkDigests(what: string, digests: readonly Uint8Array[]): void {
  const bad = digests.find((d) => d.length !== DIGEST_BYTES);
  if (bad) throw new ProofError(`${what}: a hash of ${bad.length} bytes where SHA-256 gives ${DIGEST_BYTES}`);
}

/** MTH(D[lo:hi]) of leaf hashes. */
export function subtreeRoot(h: TreeHasher, leaves: readonly Digest[], lo = 0, hi = leaves.length): Digest {
  const n = hi - lo;
  if (n === 0) return h.emptyRoot();
  if (n === 1) return leaves[lo] as Digest;
  const k = splitPoint(n);
  return h.node(subtreeRoot(h, leaves, lo, lo + k), subtreeRoot(h, leaves, lo + k, hi));
}

/** PATH(m, D[0:n]): the inclusion proof of leaf m in the tree of the first n leaves. */
export function inclusionProof(h: TreeHasher, leaves: readonly Digest[], m: number, n = leaves.length): Digest[] {
  checkSize('tree size', n);
  if (n > leaves.length) throw new ProofError(`tree size ${n} is beyond the ${leaves.length} leaves held`);
  if (!Number.isSafeInteger(m) || m < 0 || m >= n) throw new ProofError(`leaf index ${m} is outside a tree of size ${n}`);
  const path = (lo: number, hi: number, i: number): Digest[] => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return i < k ? [...path(lo, lo + k, i), subtreeRoot(h, leaves, lo + k, hi)] : [...path(lo + k, hi, i - k), subtreeRoot(h, leaves, lo, lo + k)];
  };
  return path(0, n, m);
}

/** PROOF(m, D[0:n]): the consistency proof from the tree of size m to the tree of size n. */
export function consistencyProof(h: TreeHasher, leaves: readonly Digest[], m: number, n = leaves.length): Digest[] {
  checkSize('first size', m);
  checkSize('second size', n);
  if (n > leaves.length) throw new ProofError(`tree size ${n} is beyond the ${leaves.length} leaves held`);
  if (m > n) throw new ProofError(`first size ${m} is larger than second size ${n}`);
  if (m === 0 || m === n) return [];
  const subproof = (mm: number, lo: number, hi: number, whole: boolean): Digest[] => {
    const n2 = hi - lo;
    if (mm === n2) return whole ? [] : [subtreeRoot(h, leaves, lo, hi)];
    const k = splitPoint(n2);
    return mm <= k
      ? [...subproof(mm, lo, lo + k, whole), subtreeRoot(h, leaves, lo + k, hi)]
      : [...subproof(mm - k, lo + k, hi, false), subtreeRoot(h, leaves, lo, lo + k)];
  };
  return subproof(m, 0, n, true);
}

const isOdd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/**
 * RFC 9162 §2.1.3.2: whether `proof` shows the leaf with hash `leafHash` at `index` in the tree
 * of `size` leaves whose root is `root`. Throws ProofError saying why not.
 */
export function verifyInclusion(h: TreeHasher, index: number, size: number, leafHash: Digest, proof: readonly Digest[], root: Digest): void {
  checkSize('tree size', size);
  checkDigests('inclusion proof', [leafHash, root, ...proof]);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new ProofError(`leaf index ${index} is outside a tree of size ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new ProofError(`the inclusion proof has more hashes than a tree of size ${size} needs`);
    if (isOdd(fn) || fn === sn) {
      r = h.node(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = h.node(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError(`the inclusion proof has fewer hashes than a tree of size ${size} needs`);
  if (!sameDigest(r, root)) throw new ProofError(`the inclusion proof of leaf ${index} does not lead to the root of tree size ${size}`);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows the tree of `size1` leaves with root `root1` to be a
 * prefix of the tree of `size2` leaves with root `root2`. Throws ProofError saying why not.
 */
export function verifyConsistency(h: TreeHasher, size1: number, size2: number, proof: readonly Digest[], root1: Digest, root2: Digest): void {
  checkSize('first size', size1);
  checkSize('second size', size2);
  checkDigests('consistency proof', [root1, root2, ...proof]);
  if (size2 < size1) throw new ProofError(`the log shrank: size ${size2} after size ${size1}`);
  if (size1 === 0) throw new ProofError('a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError(`sizes are equal (${size1}), so the proof must be empty`);
    if (!sameDigest(root1, root2)) throw new ProofError(`two different roots for the same tree size ${size1}: the log forked`);
    return;
  }
  if (proof.length === 0) throw new ProofError(`an empty consistency proof cannot lead from size ${size1} to size ${size2}`);
  // 1. If size1 is an exact power of two, the path starts with root1.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // 2-3.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 4.
  let fr = path[0] as Digest;
  let sr = path[0] as Digest;
  // 5.
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError(`the consistency proof has more hashes than sizes ${size1} → ${size2} need`);
    if (isOdd(fn) || fn === sn) {
      fr = h.node(c, fr);
      sr = h.node(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = h.node(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 6. The walk must end at zero: without this check a proof for another size can pass.
  if (sn !== 0) throw new ProofError(`the consistency proof has fewer hashes than sizes ${size1} → ${size2} need`);
  if (!sameDigest(fr, root1)) throw new ProofError(`the consistency proof does not lead to the root of size ${size1}`);
  if (!sameDigest(sr, root2)) throw new ProofError(`the consistency proof does not lead to the root of size ${size2}`);
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1) {
    if (isOdd(x)) return false;
    x = half(x);
  }
  return x === 1;
}

/**
 * The right edge of a growing tree: one root per perfect subtree, largest first. Appending a
 * leaf costs amortised one node hash, and the root of the tree so far is at hand at any size,
 * so a verifier can hash every entry of a million once and compare each checkpoint on the way.
 */
export class CompactRange {
  private readonly hashes: Digest[] = [];
  private readonly sizes: number[] = [];
  private count = 0;

  constructor(private readonly h: TreeHasher) {}

  /** The range after `size` leaves, from its perfect subtrees' roots, largest first (`edge()`). */
  static fromEdge(h: TreeHasher, size: number, edge: readonly Digest[]): CompactRange {
    checkSize('tree size', size);
    const sizes: number[] = [];
    for (let bit = 2 ** Math.floor(Math.log2(Math.max(size, 1))); bit >= 1; bit /= 2) if (Math.floor(size / bit) % 2 === 1) sizes.push(bit);
    if (sizes.length !== edge.length) throw new ProofError(`the right edge of a tree of size ${size} has ${sizes.length} hashes, not ${edge.length}`);
    checkDigests('right edge', edge);
    const range = new CompactRange(h);
    range.hashes.push(...edge);
    range.sizes.push(...sizes);
    range.count = size;
    return range;
  }

  get size(): number {
    return this.count;
  }

  edge(): Digest[] {
    return [...this.hashes];
  }

  append(leafHash: Digest): void {
    let hash = leafHash;
    let size = 1;
    while (this.sizes.length > 0 && this.sizes[this.sizes.length - 1] === size) {
      this.sizes.pop();
      hash = this.h.node(this.hashes.pop() as Digest, hash);
      size *= 2;
    }
    this.hashes.push(hash);
    this.sizes.push(size);
    this.count++;
  }

  root(): Digest {
    if (this.hashes.length === 0) return this.h.emptyRoot();
    let r = this.hashes[this.hashes.length - 1] as Digest;
    for (let i = this.hashes.length - 2; i >= 0; i--) r = this.h.node(this.hashes[i] as Digest, r);
    return r;
  }
}
