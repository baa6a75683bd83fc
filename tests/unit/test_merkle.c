/*
 * test_merkle.c - services/merkle against the Certificate Transparency
 * reference tree (RFC 6962; the eight leaves and the tree heads of sizes 0
 * to 8 that certificate-transparency's merkle_tree_test and
 * transparency-dev/merkle's testdata publish), its inclusion proofs for
 * leaves 0 and 5 of 8, its consistency proofs 2→8 and 6→8; then every
 * proof of every tree up to 70 leaves round-trips, and every altered,
 * shortened, lengthened or misplaced proof is refused. The compact range
 * gives the same roots as the recursive definition and survives its text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "services/merkle.h"
#include "services/secret.h"

static const char *const ct_leaves[8] = {
	"",
	"00",
	"10",
	"2021",
	"3031",
	"40414243",
	"5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

static const char *const ct_roots[9] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct known_proof {
	size_t a, b; /* inclusion: leaf index, size; consistency: first, second */
	const char *hashes[3];
};

static const struct known_proof ct_inclusion[] = {
	{0,
	 8,
	 {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
	{5,
	 8,
	 {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

static const struct known_proof ct_consistency[] = {
	{2,
	 8,
	 {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4", NULL}},
	{6,
	 8,
	 {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

static void unhex(const char *hex, unsigned char *out, size_t *n)
{
	size_t len = strlen(hex);

	for (size_t i = 0; i < len / 2; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
	*n = len / 2;
}

static void tohex(const unsigned char h[MERKLE_HASH], char out[2 * MERKLE_HASH + 1])
{
	for (int i = 0; i < MERKLE_HASH; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static void assert_hash(const unsigned char h[MERKLE_HASH], const char *want)
{
	char hex[2 * MERKLE_HASH + 1];

	tohex(h, hex);
	assert_string_equal(hex, want);
}

static unsigned char ct[8][MERKLE_HASH];

static int group_setup(void **state)
{
	(void)state;
	if (secret_init() != 0)
		return -1;
	for (int i = 0; i < 8; i++) {
		unsigned char data[16];
		size_t n;

		unhex(ct_leaves[i], data, &n);
		merkle_leaf_hash(data, n, ct[i]);
	}
	return 0;
}

static void test_reference_roots(void **state)
{
	unsigned char root[MERKLE_HASH];
	struct merkle_range r;

	(void)state;
	merkle_empty_root(root);
	assert_hash(root, ct_roots[0]);
	merkle_range_init(&r);
	for (size_t n = 0; n <= 8; n++) {
		merkle_root((const unsigned char(*)[MERKLE_HASH])ct, n, root);
		assert_hash(root, ct_roots[n]);
		merkle_range_root(&r, root);
		assert_hash(root, ct_roots[n]);
		if (n < 8)
			merkle_range_append(&r, ct[n]);
	}
	assert_int_equal(r.size, 8);
	assert_int_equal(r.n, 1);
}

static void test_node_hash(void **state)
{
	unsigned char h[MERKLE_HASH];
	char hex[2 * MERKLE_HASH + 1];

	(void)state;
	/* the tree of two leaves is node(leaf0, leaf1); order matters */
	merkle_node_hash(ct[0], ct[1], h);
	assert_hash(h, ct_roots[2]);
	merkle_node_hash(ct[1], ct[0], h);
	tohex(h, hex);
	assert_string_not_equal(hex, ct_roots[2]);
}

static void proof_of(const struct known_proof *k,
		     unsigned char proof[MERKLE_LEVELS][MERKLE_HASH], size_t *m)
{
	*m = 0;
	for (int i = 0; i < 3 && k->hashes[i]; i++) {
		size_t n;

		unhex(k->hashes[i], proof[i], &n);
		assert_int_equal(n, MERKLE_HASH);
		(*m)++;
	}
}

static void test_reference_inclusion(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ct_inclusion) / sizeof(ct_inclusion[0]); i++) {
		const struct known_proof *k = &ct_inclusion[i];
		unsigned char want[MERKLE_LEVELS][MERKLE_HASH],
			got[MERKLE_LEVELS][MERKLE_HASH], root[MERKLE_HASH];
		size_t m, n;

		proof_of(k, want, &m);
		assert_int_equal(
			merkle_inclusion_proof((const unsigned char(*)[MERKLE_HASH])ct,
					       k->b, k->a, got),
			(int)m);
		assert_memory_equal(got, want, m * MERKLE_HASH);
		unhex(ct_roots[k->b], root, &n);
		assert_true(merkle_inclusion_verify(ct[k->a], k->a, k->b,
						    (const unsigned char(*)[MERKLE_HASH])want,
						    m, root));
		/* another leaf at the same place is refused */
		assert_false(merkle_inclusion_verify(ct[(k->a + 1) % 8], k->a, k->b,
						     (const unsigned char(*)[MERKLE_HASH])want,
						     m, root));
	}
}

static void test_reference_consistency(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ct_consistency) / sizeof(ct_consistency[0]); i++) {
		const struct known_proof *k = &ct_consistency[i];
		unsigned char want[MERKLE_LEVELS][MERKLE_HASH],
			got[MERKLE_LEVELS][MERKLE_HASH], r1[MERKLE_HASH], r2[MERKLE_HASH];
		size_t m, n;

		proof_of(k, want, &m);
		assert_int_equal(
			merkle_consistency_proof((const unsigned char(*)[MERKLE_HASH])ct,
						 k->a, k->b, got),
			(int)m);
		assert_memory_equal(got, want, m * MERKLE_HASH);
		unhex(ct_roots[k->a], r1, &n);
		unhex(ct_roots[k->b], r2, &n);
		assert_true(merkle_consistency_verify(
			k->a, k->b, r1, r2, (const unsigned char(*)[MERKLE_HASH])want, m));
		/* a first head that is not a prefix of the second is refused */
		unhex(ct_roots[k->a + 1], r1, &n);
		assert_false(merkle_consistency_verify(
			k->a, k->b, r1, r2, (const unsigned char(*)[MERKLE_HASH])want, m));
	}
}

#define MANY 70
static unsigned char many[MANY][MERKLE_HASH];
static unsigned char many_roots[MANY + 1][MERKLE_HASH];

static void make_many(void)
{
	struct merkle_range r;

	merkle_range_init(&r);
	for (int i = 0; i < MANY; i++) {
		unsigned char data[2] = {(unsigned char)i, (unsigned char)(i * 7)};

		merkle_leaf_hash(data, sizeof(data), many[i]);
	}
	for (int n = 0; n <= MANY; n++) {
		unsigned char root[MERKLE_HASH];

		merkle_root((const unsigned char(*)[MERKLE_HASH])many, (size_t)n,
			    many_roots[n]);
		merkle_range_root(&r, root);
		assert_memory_equal(root, many_roots[n], MERKLE_HASH);
		if (n < MANY)
			merkle_range_append(&r, many[n]);
	}
}

static void test_inclusion_every_size(void **state)
{
	(void)state;
	make_many();
	for (size_t n = 1; n <= MANY; n++)
		for (size_t i = 0; i < n; i++) {
			unsigned char p[MERKLE_LEVELS][MERKLE_HASH];
			const unsigned char(*cp)[MERKLE_HASH] =
				(const unsigned char(*)[MERKLE_HASH])p;
			int m = merkle_inclusion_proof(
				(const unsigned char(*)[MERKLE_HASH])many, n, i, p);

			assert_true(m >= 0);
			assert_true(merkle_inclusion_verify(many[i], i, n, cp, (size_t)m,
							    many_roots[n]));
			/* wrong index, wrong size, wrong root, short or long proof */
			if (n > 1)
				assert_false(merkle_inclusion_verify(many[i], (i + 1) % n,
								     n, cp, (size_t)m,
								     many_roots[n]));
			if (n < MANY)
				assert_false(merkle_inclusion_verify(many[i], i, n + 1,
								     cp, (size_t)m,
								     many_roots[n + 1]));
			assert_false(merkle_inclusion_verify(many[i], n, n, cp, (size_t)m,
							     many_roots[n]));
			if (m > 0) {
				assert_false(merkle_inclusion_verify(
					many[i], i, n, cp, (size_t)m - 1, many_roots[n]));
				p[m - 1][7] ^= 1;
				assert_false(merkle_inclusion_verify(
					many[i], i, n, cp, (size_t)m, many_roots[n]));
				p[m - 1][7] ^= 1;
			}
			memset(p[m], 0xab, MERKLE_HASH);
			assert_false(merkle_inclusion_verify(many[i], i, n, cp,
							     (size_t)m + 1, many_roots[n]));
		}
}

static void test_consistency_every_pair(void **state)
{
	(void)state;
	make_many();
	for (size_t b = 0; b <= MANY; b++)
		for (size_t a = 0; a <= b; a++) {
			unsigned char p[MERKLE_LEVELS][MERKLE_HASH];
			const unsigned char(*cp)[MERKLE_HASH] =
				(const unsigned char(*)[MERKLE_HASH])p;
			int m = merkle_consistency_proof(
				(const unsigned char(*)[MERKLE_HASH])many, a, b, p);

			assert_true(m >= 0);
			assert_true(merkle_consistency_verify(a, b, many_roots[a],
							      many_roots[b], cp, (size_t)m));
			if (a == 0 || a == b) {
				assert_int_equal(m, 0);
				continue;
			}
			/* an altered first head, second head or proof; a short
			 * or long proof; the sizes swapped */
			assert_false(merkle_consistency_verify(
				a, b, many_roots[a - 1], many_roots[b], cp, (size_t)m));
			assert_false(merkle_consistency_verify(
				a, b, many_roots[a], many_roots[b - 1], cp, (size_t)m));
			assert_false(merkle_consistency_verify(
				a, b, many_roots[a], many_roots[b], cp, (size_t)m - 1));
			memset(p[m], 0xcd, MERKLE_HASH);
			assert_false(merkle_consistency_verify(
				a, b, many_roots[a], many_roots[b], cp, (size_t)m + 1));
			p[0][3] ^= 0x80;
			assert_false(merkle_consistency_verify(
				a, b, many_roots[a], many_roots[b], cp, (size_t)m));
			p[0][3] ^= 0x80;
			assert_false(merkle_consistency_verify(
				b, a, many_roots[b], many_roots[a], cp, (size_t)m));
		}
	/* the degenerate cases */
	assert_false(merkle_consistency_verify(4, 4, many_roots[4], many_roots[5], NULL, 0));
	assert_false(merkle_consistency_verify(0, 8, many_roots[0], many_roots[8],
					       (const unsigned char(*)[MERKLE_HASH])many,
					       1));
}

static void test_range_text(void **state)
{
	struct merkle_range r, back;
	struct buf b;
	unsigned char x[MERKLE_HASH], y[MERKLE_HASH];

	(void)state;
	make_many();
	merkle_range_init(&r);
	buf_init(&b, 0);
	for (int i = 0; i < MANY; i++) {
		merkle_range_append(&r, many[i]);
		buf_reset(&b);
		merkle_range_hex(&r, &b);
		assert_false(buf_failed(&b));
		assert_int_equal(merkle_range_parse(b.data, r.size, &back), 0);
		merkle_range_root(&r, x);
		merkle_range_root(&back, y);
		assert_memory_equal(x, y, MERKLE_HASH);
		/* the text for a size of another shape, a changed digit, a capital */
		assert_int_equal(merkle_range_parse(b.data, r.size * 2 + 1, &back), -1);
		assert_int_equal(back.n, 0);
		b.data[0] = b.data[0] == 'f' ? 'A' : 'f';
		assert_int_equal(merkle_range_parse(b.data, r.size, &back),
				 b.data[0] == 'A' ? -1 : 0);
	}
	assert_int_equal(merkle_range_parse("", 0, &back), 0);
	assert_int_equal(merkle_range_parse(NULL, 0, &back), 0);
	assert_int_equal(merkle_range_parse("zz", 0, &back), -1);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_roots),
		cmocka_unit_test(test_node_hash),
		cmocka_unit_test(test_reference_inclusion),
		cmocka_unit_test(test_reference_consistency),
		cmocka_unit_test(test_inclusion_every_size),
		cmocka_unit_test(test_consistency_every_pair),
		cmocka_unit_test(test_range_text),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
