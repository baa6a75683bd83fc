/* merkle.c - see merkle.h. */
#include "services/merkle.h"

#include <sodium.h>
#include <string.h>

_Static_assert(MERKLE_HASH == crypto_hash_sha256_BYTES, "SHA-256");

void merkle_leaf_hash(const void *data, size_t n, unsigned char out[MERKLE_HASH])
{
	crypto_hash_sha256_state st;
	const unsigned char prefix = 0x00;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	if (n)
		crypto_hash_sha256_update(&st, data, n);
	crypto_hash_sha256_final(&st, out);
}

void merkle_node_hash(const unsigned char left[MERKLE_HASH],
		      const unsigned char right[MERKLE_HASH],
		      unsigned char out[MERKLE_HASH])
{
	unsigned char in[1 + 2 * MERKLE_HASH];

	in[0] = 0x01;
	memcpy(in + 1, left, MERKLE_HASH);
	memcpy(in + 1 + MERKLE_HASH, right, MERKLE_HASH);
	crypto_hash_sha256(out, in, sizeof(in));
}

void merkle_empty_root(unsigned char out[MERKLE_HASH])
{
	crypto_hash_sha256(out, (const unsigned char *)"", 0);
}

/* ---- the compact range ---- */

static int popcount(unsigned long long v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

void merkle_range_init(struct merkle_range *r)
{
	r->size = 0;
	r->n = 0;
}

void merkle_range_append(struct merkle_range *r, const unsigned char leaf[MERKLE_HASH])
{
	unsigned char h[MERKLE_HASH];
	unsigned long long s = r->size;

	memcpy(h, leaf, MERKLE_HASH);
	/* each trailing 1 bit of the old size is a subtree of the same
	 * height as the one being carried: merge them */
	while (s & 1) {
		merkle_node_hash(r->node[r->n - 1], h, h);
		r->n--;
		s >>= 1;
	}
	memcpy(r->node[r->n], h, MERKLE_HASH);
	r->n++;
	r->size++;
}

void merkle_range_root(const struct merkle_range *r, unsigned char out[MERKLE_HASH])
{
	if (r->n == 0) {
		merkle_empty_root(out);
		return;
	}
	memcpy(out, r->node[r->n - 1], MERKLE_HASH);
	for (int i = r->n - 2; i >= 0; i--)
		merkle_node_hash(r->node[i], out, out);
}

void merkle_range_hex(const struct merkle_range *r, struct buf *out)
{
	char hex[2 * MERKLE_HASH + 1];

	for (int i = 0; i < r->n; i++) {
		sodium_bin2hex(hex, sizeof(hex), r->node[i], MERKLE_HASH);
		buf_append(out, hex, 2 * MERKLE_HASH);
	}
}

int merkle_range_parse(const char *hex, unsigned long long size, struct merkle_range *r)
{
	int want = popcount(size);
	size_t len = hex ? strlen(hex) : 0;

	merkle_range_init(r);
	if (len != (size_t)want * 2 * MERKLE_HASH)
		return -1;
	for (int i = 0; i < want; i++) {
		size_t got = 0;

		for (size_t j = 0; j < 2 * MERKLE_HASH; j++) {
			char c = hex[i * 2 * MERKLE_HASH + j];

			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
				return -1;
		}
		if (sodium_hex2bin(r->node[i], MERKLE_HASH, hex + i * 2 * MERKLE_HASH,
				   2 * MERKLE_HASH, NULL, &got, NULL) != 0 ||
		    got != MERKLE_HASH)
			return -1;
	}
	r->n = want;
	r->size = size;
	return 0;
}

/* ---- over an array of leaf hashes ---- */

/* The largest power of two below n (n > 1). */
static size_t split(size_t n)
{
	size_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

void merkle_root(const unsigned char (*leaves)[MERKLE_HASH], size_t n,
		 unsigned char out[MERKLE_HASH])
{
	unsigned char l[MERKLE_HASH], r[MERKLE_HASH];
	size_t k;

	if (n == 0) {
		merkle_empty_root(out);
		return;
	}
	if (n == 1) {
		memcpy(out, leaves[0], MERKLE_HASH);
		return;
	}
	k = split(n);
	merkle_root(leaves, k, l);
	merkle_root(leaves + k, n - k, r);
	merkle_node_hash(l, r, out);
}

/* PATH(m, D[n]) appended at proof[*len] (deepest first). */
static void path(const unsigned char (*d)[MERKLE_HASH], size_t n, size_t m,
		 unsigned char proof[MERKLE_LEVELS][MERKLE_HASH], int *len)
{
	size_t k;

	if (n <= 1)
		return;
	k = split(n);
	if (m < k) {
		path(d, k, m, proof, len);
		merkle_root(d + k, n - k, proof[(*len)++]);
	} else {
		path(d + k, n - k, m - k, proof, len);
		merkle_root(d, k, proof[(*len)++]);
	}
}

int merkle_inclusion_proof(const unsigned char (*leaves)[MERKLE_HASH], size_t size,
			   size_t index, unsigned char proof[MERKLE_LEVELS][MERKLE_HASH])
{
	int len = 0;

	if (index >= size)
		return -1;
	path(leaves, size, index, proof, &len);
	return len;
}

/* SUBPROOF(m, D[n], b) appended at proof[*len]. */
static void subproof(const unsigned char (*d)[MERKLE_HASH], size_t n, size_t m, bool b,
		     unsigned char proof[MERKLE_LEVELS][MERKLE_HASH], int *len)
{
	size_t k;

	if (m == n) {
		if (!b)
			merkle_root(d, n, proof[(*len)++]);
		return;
	}
	k = split(n);
	if (m <= k) {
		subproof(d, k, m, b, proof, len);
		merkle_root(d + k, n - k, proof[(*len)++]);
	} else {
		subproof(d + k, n - k, m - k, false, proof, len);
		merkle_root(d, k, proof[(*len)++]);
	}
}

int merkle_consistency_proof(const unsigned char (*leaves)[MERKLE_HASH], size_t first,
			     size_t second, unsigned char proof[MERKLE_LEVELS][MERKLE_HASH])
{
	int len = 0;

	if (first > second)
		return -1;
	if (first == 0 || first == second)
		return 0;
	subproof(leaves, second, first, true, proof, &len);
	return len;
}

bool merkle_inclusion_verify(const unsigned char leaf[MERKLE_HASH],
			     unsigned long long index, unsigned long long size,
			     const unsigned char (*proof)[MERKLE_HASH], size_t m,
			     const unsigned char root[MERKLE_HASH])
{
	unsigned long long fn, sn;
	unsigned char r[MERKLE_HASH];

	if (index >= size)
		return false;
	fn = index;
	sn = size - 1;
	memcpy(r, leaf, MERKLE_HASH);
	for (size_t i = 0; i < m; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(proof[i], r, r);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			merkle_node_hash(r, proof[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(r, root, MERKLE_HASH) == 0;
}

bool merkle_consistency_verify(unsigned long long first, unsigned long long second,
			       const unsigned char root1[MERKLE_HASH],
			       const unsigned char root2[MERKLE_HASH],
			       const unsigned char (*proof)[MERKLE_HASH], size_t m)
{
	unsigned long long fn, sn;
	unsigned char fr[MERKLE_HASH], sr[MERKLE_HASH];
	size_t i = 0;

	if (first > second)
		return false;
	if (first == second)
		return m == 0 && sodium_memcmp(root1, root2, MERKLE_HASH) == 0;
	if (first == 0)
		return m == 0;
	if (m == 0)
		return false;
	/* a first tree that is a perfect subtree is its own first node */
	if ((first & (first - 1)) == 0) {
		memcpy(fr, root1, MERKLE_HASH);
	} else {
		memcpy(fr, proof[0], MERKLE_HASH);
		i = 1;
	}
	memcpy(sr, fr, MERKLE_HASH);
	fn = first - 1;
	sn = second - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < m; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(proof[i], fr, fr);
			merkle_node_hash(proof[i], sr, sr);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			merkle_node_hash(sr, proof[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(fr, root1, MERKLE_HASH) == 0 &&
	       sodium_memcmp(sr, root2, MERKLE_HASH) == 0;
}
