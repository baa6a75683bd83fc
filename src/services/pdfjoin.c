/*
 * pdfjoin.c - whole PDFs as cairo writes them joined into one (see
 * pdfjoin.h).
 *
 * Owns: reading a cairo PDF's cross-reference table, trailer, catalog and
 * page tree; renumbering every other object's references while copying it
 * (its stream, if any, byte for byte); writing the one page tree, catalog,
 * information dictionary, table and trailer of the joined document.
 * Must not: trust any offset, count or number read from the bytes (each is
 * checked against the part before use), keep state between calls, touch
 * cairo (the parts are bytes: the caller draws them).
 *
 * The joined document: objects 1 (the page tree), 2 (the catalog) and 3
 * (the information dictionary, the first part's) are written last; the
 * parts' objects are numbered from 4 in the order they come.
 */
#include "services/pdfjoin.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"

static bool grow(size_t **v, size_t *cap, size_t need)
{
	size_t *nv;
	size_t ncap = *cap ? *cap : 256;

	if (need <= *cap)
		return true;
	while (ncap < need)
		ncap *= 2;
	if (!(nv = realloc(*v, ncap * sizeof(**v))))
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}

static bool pdf_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool pdf_delim(char c) { return c && strchr("()<>[]{}/%", c) != NULL; }

/* The integer at p (digits only), or -1. */
static long long pdf_int(const char *p, const char *end, const char **after)
{
	long long v = 0;
	const char *q = p;

	while (q < end && *q >= '0' && *q <= '9' && v < 100000000)
		v = v * 10 + (*q++ - '0');
	if (q == p || (q < end && !pdf_space(*q) && !pdf_delim(*q)))
		return -1;
	*after = q;
	return v;
}

/* The unsigned integer at *p after white space, digits only (at most 18
 * of them), read no further than end; *p moves past it. false when there
 * is none. */
static bool pdf_uint(const char **p, const char *end, size_t *v)
{
	const char *q = *p;
	size_t n = 0, digits = 0;

	while (q < end && pdf_space(*q))
		q++;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		if (++digits > 18)
			return false;
		n = n * 10 + (size_t)(*q - '0');
	}
	if (!digits)
		return false;
	*p = q;
	*v = n;
	return true;
}

/* "N G R" references inside [p, end): the object numbers, in order, into
 * refs, the first max of them. Returns how many. */
static long pdf_refs(const char *p, const char *end, size_t *refs, size_t max)
{
	const char *start = p;
	size_t n = 0;

	while (p < end) {
		const char *a, *b;
		long long num, gen;

		/* a number starts a token: the first byte, or after a space or
		 * a delimiter */
		if (*p < '0' || *p > '9' ||
		    (p > start && !pdf_space(p[-1]) && !pdf_delim(p[-1]))) {
			p++;
			continue;
		}
		num = pdf_int(p, end, &a);
		if (num < 0) {
			p++;
			continue;
		}
		while (a < end && pdf_space(*a))
			a++;
		gen = pdf_int(a, end, &b);
		while (gen >= 0 && b < end && pdf_space(*b))
			b++;
		if (gen >= 0 && b < end && *b == 'R' &&
		    (b + 1 == end || pdf_space(b[1]) || pdf_delim(b[1]))) {
			refs[n++] = (size_t)num;
			if (n == max)
				break;
			p = b + 1;
		} else {
			p = a;
		}
	}
	return (long)n;
}

/* Whether [t, e) is a non-empty run of digits. */
static bool digits_only(const char *t, const char *e)
{
	if (t == e)
		return false;
	for (; t < e; t++)
		if (*t < '0' || *t > '9')
			return false;
	return true;
}

/* Copies the object at src[0..len) ("K 0 obj ... endobj") into m->obj as
 * object number `num`, its references renumbered by map (map[k] == 0: an
 * object that is not carried over: malformed). The dictionary is read
 * token by token (strings, names and comments copied as they are); from
 * the keyword "stream" on, the bytes are copied untouched. */
static int obj_rewrite(struct pdf_join *m, const char *src, size_t len, size_t num,
		       const size_t *map, size_t nmap)
{
	const char *p = src, *end = src + len;
	/* the last two integer tokens (i1 before i2): where they are in the
	 * source and where they begin in m->obj */
	const char *i1 = NULL, *i1_end = NULL, *i2 = NULL, *i2_end = NULL;
	size_t o1 = 0, o2 = 0;

	buf_reset(&m->obj);
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	while (p < end && pdf_space(*p))
		p++;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	while (p < end && pdf_space(*p))
		p++;
	if (end - p < 3 || memcmp(p, "obj", 3))
		return -1;
	p += 3;
	buf_printf(&m->obj, "%zu 0 obj", num);
	while (p < end) {
		const char *t = p;

		if (pdf_space(*p)) {
			while (p < end && pdf_space(*p))
				p++;
			buf_append(&m->obj, t, (size_t)(p - t));
			continue;
		}
		if (*p == '%') {
			while (p < end && *p != '\n' && *p != '\r')
				p++;
		} else if (*p == '(') {
			int depth = 0;

			for (; p < end; p++) {
				if (*p == '\\') {
					p++;
					continue;
				}
				depth += *p == '(';
				depth -= *p == ')';
				if (!depth) {
					p++;
					break;
				}
			}
			p = p < end ? p : end;
		} else if (*p == '<' && p + 1 < end && p[1] != '<') {
			while (p < end && *p != '>')
				p++;
			p += p < end;
		} else if (*p == '<' || *p == '>') {
			p += p + 1 < end && p[1] == *p ? 2 : 1;
		} else if (*p == '[' || *p == ']' || *p == '{' || *p == '}') {
			p++;
		} else {
			if (*p == '/')
				p++;
			while (p < end && !pdf_space(*p) && !pdf_delim(*p))
				p++;
			p += p == t; /* a stray ')': a token of its own */
		}
		if (p - t == 6 && !memcmp(t, "stream", 6)) {
			buf_append(&m->obj, t, (size_t)(end - t));
			break;
		}
		if (p - t == 1 && *t == 'R' && i1 && i2) {
			const char *after;
			long long k = pdf_int(i1, i1_end, &after);

			if (k <= 0 || (size_t)k >= nmap || !map[k])
				return -1;
			m->obj.len = o1;
			m->obj.data[o1] = '\0';
			buf_printf(&m->obj, "%zu", map[k]);
			buf_append(&m->obj, i1_end, (size_t)(p - i1_end));
			i1 = i2 = NULL;
			continue;
		}
		if (digits_only(t, p)) {
			if (i2) { /* slides: the older one goes */
				i1 = i2;
				i1_end = i2_end;
				o1 = o2;
			}
			if (i1) {
				i2 = t;
				i2_end = p;
				o2 = m->obj.len;
			} else {
				i1 = t;
				i1_end = p;
				o1 = m->obj.len;
			}
		} else {
			i1 = i2 = NULL;
		}
		buf_append(&m->obj, t, (size_t)(p - t));
	}
	return buf_failed(&m->obj) ? -1 : 0;
}

/* The object k's bytes in d: from its offset to the next object's (or the
 * cross-reference table). */
struct span {
	size_t num, at;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* The value of "key N 0 R" in d[0..len), or 0. */
static size_t dict_ref(const char *d, size_t len, const char *key)
{
	const char *p = memmem(d, len, key, strlen(key));
	size_t r;

	if (!p)
		return 0;
	p += strlen(key);
	while (p < d + len && pdf_space(*p))
		p++;
	if (pdf_refs(p, d + len, &r, 1) != 1)
		return 0;
	return r;
}

/* Adds one part's document (d, len) to out: its objects but its catalog,
 * page tree and information dictionary, renumbered; its pages' numbers
 * to m->kids. The first part also gives the header. */
int pdf_join_add(struct pdf_join *m, const char *d, size_t len, struct buf *out,
		 char *err, size_t errlen)
{
	const char *p, *x, *end = d + len;
	size_t xref, nxref, root, info, pages, *map = NULL, nsp = 0;
	struct span *sp = NULL;
	long nk;
	int rc = -1;
	const char *why = "no cross-reference table at startxref";

	/* startxref, the table, the trailer */
	p = len > 64 ? end - 64 : d;
	x = NULL;
	for (const char *q = p; (q = memmem(q, (size_t)(end - q), "startxref", 9)); q += 9)
		x = q;
	if (!x || !(p = x + 9, pdf_uint(&p, end, &xref)) || xref >= len ||
	    len - xref < 4 || memcmp(d + xref, "xref", 4))
		goto bad;
	p = d + xref + 4;
	why = "not one cross-reference section from object 0";
	if (!pdf_uint(&p, end, &nxref) || nxref != 0 || !pdf_uint(&p, end, &nxref))
		goto bad;
	while (p < end && pdf_space(*p))
		p++;
	if (nxref < 2 || nxref > 10000000 || (size_t)(end - p) < nxref * 20)
		goto bad;
	why = "out of memory";
	map = calloc(nxref, sizeof(*map));
	sp = calloc(nxref, sizeof(*sp));
	if (!map || !sp)
		goto bad;
	why = "an object's offset is past its cross-reference table";
	for (size_t k = 0; k < nxref; k++, p += 20) {
		const char *q = p;

		if (p[17] != 'n') /* "oooooooooo ggggg n \n" */
			continue;
		sp[nsp].num = k;
		if (!pdf_uint(&q, p + 10, &sp[nsp].at) || sp[nsp].at >= xref)
			goto bad;
		nsp++;
	}
	why = "no trailer";
	x = memmem(p, (size_t)(end - p), "trailer", 7);
	if (!x)
		goto bad;
	root = dict_ref(x, (size_t)(end - x), "/Root");
	info = dict_ref(x, (size_t)(end - x), "/Info");
	qsort(sp, nsp, sizeof(*sp), span_cmp);
	/* the catalog's page tree, and its kids */
	pages = 0;
	for (size_t k = 0; k < nsp; k++)
		if (sp[k].num == root) {
			size_t to = k + 1 < nsp ? sp[k + 1].at : xref;

			pages = dict_ref(d + sp[k].at, to - sp[k].at, "/Pages");
		}
	why = "no catalog, page tree or information dictionary";
	if (!root || !info || !pages || root >= nxref || info >= nxref || pages >= nxref)
		goto bad;
	/* numbers: the page tree is object 1 */
	map[pages] = 1;
	map[root] = 2;
	map[info] = 3;
	if (!m->nobj) {
		m->nobj = 4;
		buf_append(out, d, sp[0].at); /* the header */
	}
	for (size_t k = 0; k < nsp; k++)
		if (sp[k].num != pages && sp[k].num != root && sp[k].num != info)
			map[sp[k].num] = m->nobj++;
	why = "out of memory";
	if (!grow(&m->off, &m->cap, m->nobj))
		goto bad;
	for (size_t k = 0; k < nsp; k++) {
		size_t num = sp[k].num, to = k + 1 < nsp ? sp[k + 1].at : xref;
		const char *o = d + sp[k].at;
		size_t olen = to - sp[k].at;

		if (num == pages) {
			const char *kids = memmem(o, olen, "/Kids", 5), *ke;
			size_t *refs;

			why = "a page tree without its pages";
			if (!kids || !(ke = memchr(kids, ']', olen - (size_t)(kids - o))))
				goto bad;
			if (!grow(&m->kids, &m->kcap, m->nkids + (size_t)(ke - kids)))
				goto bad;
			refs = m->kids + m->nkids;
			nk = pdf_refs(kids + 5, ke, refs, (size_t)(ke - kids));
			if (nk <= 0)
				goto bad;
			why = "a page that is not one of its objects";
			for (long i = 0; i < nk; i++) {
				if (refs[i] >= nxref || !map[refs[i]] || map[refs[i]] < 4)
					goto bad;
				refs[i] = map[refs[i]];
			}
			m->nkids += (size_t)nk;
			continue;
		}
		if (num == info) {
			const char *b = memmem(o, olen, "<<", 2), *e = NULL;

			for (const char *q = b;
			     q && (q = memmem(q, olen - (size_t)(q - o), ">>", 2)); q += 2)
				e = q + 2;
			why = "an information dictionary that is not a dictionary";
			if (!b || !e)
				goto bad;
			if (!m->info) {
				why = "out of memory";
				if (!(m->info = malloc((size_t)(e - b))))
					goto bad;
				memcpy(m->info, b, (size_t)(e - b));
				m->ninfo = (size_t)(e - b);
			}
			continue;
		}
		if (num == root)
			continue;
		why = "an object that is not one, or refers to one that is not there";
		if (obj_rewrite(m, o, olen, map[num], map, nxref))
			goto bad;
		m->off[map[num]] = out->len;
		buf_append(out, m->obj.data, m->obj.len);
	}
	m->nparts++;
	rc = 0;
	goto out;
bad:
	str_errf(err, errlen, "part %zu: not a PDF as cairo writes it: %s", m->nparts + 1,
		 why);
out:
	free(map);
	free(sp);
	return rc;
}

/* Writes the page tree, the catalog, the information dictionary, the
 * cross-reference table and the trailer. */
int pdf_join_finish(struct pdf_join *m, struct buf *out, char *err, size_t errlen)
{
	if (!m->nkids) {
		str_errf(err, errlen, "no page to join");
		return -1;
	}
	m->off[1] = out->len;
	buf_puts(out, "1 0 obj\n<< /Type /Pages\n   /Kids [");
	for (size_t i = 0; i < m->nkids; i++)
		buf_printf(out, " %zu 0 R", m->kids[i]);
	buf_printf(out, " ]\n   /Count %zu\n>>\nendobj\n", m->nkids);
	m->off[2] = out->len;
	buf_puts(out, "2 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n>>\nendobj\n");
	m->off[3] = out->len;
	buf_puts(out, "3 0 obj\n");
	if (m->info)
		buf_append(out, m->info, m->ninfo);
	else
		buf_puts(out, "<< >>");
	buf_puts(out, "\nendobj\n");
	m->off[0] = out->len;
	buf_printf(out, "xref\n0 %zu\n0000000000 65535 f \n", m->nobj);
	for (size_t k = 1; k < m->nobj; k++)
		buf_printf(out, "%010zu 00000 n \n", m->off[k]);
	buf_printf(out, "trailer\n<< /Size %zu\n   /Root 2 0 R\n   /Info 3 0 R\n>>\n",
		   m->nobj);
	buf_printf(out, "startxref\n%zu\n%%%%EOF\n", m->off[0]);
	if (!buf_failed(out))
		return 0;
	str_errf(err, errlen, "PDF output: too large or out of memory");
	return -1;
}

void pdf_join_init(struct pdf_join *j)
{
	memset(j, 0, sizeof(*j));
	buf_init(&j->obj, 0);
}

void pdf_join_release(struct pdf_join *j)
{
	buf_release(&j->obj);
	free(j->off);
	free(j->kids);
	free(j->info);
	pdf_join_init(j);
}

int pdf_join(const struct buf *parts, size_t nparts, struct buf *out, char *err,
	     size_t errlen)
{
	struct pdf_join j;
	size_t was = out->len;
	enum buf_err was_err = out->err;
	int rc = -1;

	pdf_join_init(&j);
	for (size_t i = 0; i < nparts; i++)
		if (pdf_join_add(&j, parts[i].data, parts[i].len, out, err, errlen))
			goto out;
	if (pdf_join_finish(&j, out, err, errlen))
		goto out;
	rc = 0;
out:
	if (rc && out->len > was) { /* out as it was */
		out->len = was;
		out->data[was] = '\0';
	}
	if (rc)
		out->err = was_err;
	pdf_join_release(&j);
	return rc;
}
