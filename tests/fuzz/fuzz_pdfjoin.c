/*
 * fuzz_pdfjoin.c - the joiner of the PDFs a plan's certificates are drawn
 * into on several threads (src/services/pdfjoin.c pdf_join(): the
 * cross-reference table, the trailer, the catalog and page tree, every
 * object's references renumbered).
 *
 * Input: one to four PDFs separated by "\n--part--\n" lines (what is after
 * the third separator is the fourth part, separators and all). Each part
 * is given in a buffer of its exact size, without the NUL a struct buf
 * would hold (pdfjoin.h: the joiner does not rely on it), so a read past
 * the part is caught. Beyond the sanitizers, the driver aborts
 * when a refusal has no message or leaves output behind, or when a join
 * that succeeds gives no "%%EOF"-ended document, or one that pdf_join
 * itself refuses when given it alone (what it writes is laid out as cairo
 * writes PDFs).
 */
#include "fuzz.h"

#include "services/pdfjoin.h"

#define SEP "\n--part--\n"
#define MAX_PARTS 4

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf parts[MAX_PARTS], out;
	size_t n = 0, at = 0, seplen = strlen(SEP);
	char err[256] = "";
	int rc;

	while (n < MAX_PARTS) {
		const uint8_t *s = n + 1 < MAX_PARTS
					   ? memmem(data + at, size - at, SEP, seplen)
					   : NULL;
		size_t len = s ? (size_t)(s - (data + at)) : size - at;

		if (!(parts[n].data = malloc(len ? len : 1)))
			abort();
		memcpy(parts[n].data, data + at, len);
		parts[n].len = len;
		parts[n].alloc = len;
		parts[n].cap_limit = BUF_DEFAULT_LIMIT;
		parts[n].err = BUF_OK;
		n++;
		if (!s)
			break;
		at += len + seplen;
	}
	buf_init(&out, 1 << 20);
	rc = pdf_join(parts, n, &out, err, sizeof err);
	if (rc ? !err[0] || out.len
	       : out.len < 6 || memcmp(out.data + out.len - 6, "%%EOF\n", 6))
		abort();
	if (!rc) {
		struct buf again;

		buf_init(&again, 2 << 20);
		if (pdf_join(&out, 1, &again, err, sizeof err))
			abort();
		buf_release(&again);
	}
	buf_release(&out);
	for (size_t i = 0; i < n; i++)
		free(parts[i].data);
	return 0;
}
