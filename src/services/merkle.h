/*
 * merkle.h - Merkle tree hashing as Certificate Transparency does it
 * (RFC 6962 section 2.1, RFC 9162 section 2.1), SHA-256 from libsodium.
 *
 *   leaf hash   SHA-256(0x00 || leaf bytes)
 *   node hash   SHA-256(0x01 || left || right)
 *   empty tree  SHA-256("")
 *   MTH(D[n])   for n > 1: k = the largest power of two below n,
 *               node(MTH(D[0:k]), MTH(D[k:n]))
 *
 * The audit trail (app/audit.c) keeps its tree as a compact range: the
 * roots of the perfect subtrees that make up a tree of `size` leaves, one
 * per set bit of size, left (largest) to right. Appending a leaf and
 * computing the root are O(log n) and need nothing but that range, which
 * is stored as hex text beside the chain's head.
 *
 * Proofs (RFC 9162 2.1.3 inclusion, 2.1.4 consistency) are generated from
 * an array of leaf hashes and verified from hashes alone, for a witness
 * that holds only two tree heads. Every function here is pure; none
 * allocates.
 */
#ifndef SERVICES_MERKLE_H
#define SERVICES_MERKLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define MERKLE_HASH 32
#define MERKLE_LEVELS 64 /* a tree size fits in 64 bits: at most 64 subtrees */

void merkle_leaf_hash(const void *data, size_t n, unsigned char out[MERKLE_HASH]);
void merkle_node_hash(const unsigned char left[MERKLE_HASH],
		      const unsigned char right[MERKLE_HASH],
		      unsigned char out[MERKLE_HASH]);
void merkle_empty_root(unsigned char out[MERKLE_HASH]);

/* ---- the compact range (a tree's right edge) ---- */

struct merkle_range {
	unsigned long long size; /* leaves appended */
	int n;                   /* subtrees = popcount(size) */
	unsigned char node[MERKLE_LEVELS][MERKLE_HASH];
};

void merkle_range_init(struct merkle_range *r);
/* Appends one leaf hash. */
void merkle_range_append(struct merkle_range *r, const unsigned char leaf[MERKLE_HASH]);
/* MTH of the leaves appended so far (the empty root for none). */
void merkle_range_root(const struct merkle_range *r, unsigned char out[MERKLE_HASH]);
/* The subtree roots as lowercase hex, 64 digits each, appended to out. */
void merkle_range_hex(const struct merkle_range *r, struct buf *out);
/* Reads what merkle_range_hex() wrote for a tree of size leaves: 0, or -1
 * (r emptied) when the text is not popcount(size) hashes in hex. */
int merkle_range_parse(const char *hex, unsigned long long size, struct merkle_range *r);

/* ---- over an array of leaf hashes ---- */

/* MTH(leaves[0..n)). */
void merkle_root(const unsigned char (*leaves)[MERKLE_HASH], size_t n,
		 unsigned char out[MERKLE_HASH]);

/* The audit path of leaf index in the tree of the first size leaves
 * (RFC 6962 PATH), into proof; returns its length (at most
 * MERKLE_LEVELS), or -1 when index >= size. */
int merkle_inclusion_proof(const unsigned char (*leaves)[MERKLE_HASH], size_t size,
			   size_t index, unsigned char proof[MERKLE_LEVELS][MERKLE_HASH]);
/* RFC 9162 2.1.3.2: true when proof[0..m) shows that leaf is at index in
 * the tree of size leaves whose root is root. */
bool merkle_inclusion_verify(const unsigned char leaf[MERKLE_HASH],
			     unsigned long long index, unsigned long long size,
			     const unsigned char (*proof)[MERKLE_HASH], size_t m,
			     const unsigned char root[MERKLE_HASH]);

/* The consistency proof between the trees of the first `first` and the
 * first `second` leaves (RFC 6962 PROOF), into proof; returns its length,
 * or -1 when first > second. Empty when first is 0 or equals second. */
int merkle_consistency_proof(const unsigned char (*leaves)[MERKLE_HASH], size_t first,
			     size_t second,
			     unsigned char proof[MERKLE_LEVELS][MERKLE_HASH]);
/* RFC 9162 2.1.4.2: true when proof[0..m) shows that the tree of second
 * leaves with root2 extends the tree of first leaves with root1 (the same
 * first leaves, in the same order). first == second needs an empty proof
 * and equal roots; first == 0 an empty proof. */
bool merkle_consistency_verify(unsigned long long first, unsigned long long second,
			       const unsigned char root1[MERKLE_HASH],
			       const unsigned char root2[MERKLE_HASH],
			       const unsigned char (*proof)[MERKLE_HASH], size_t m);

#endif
