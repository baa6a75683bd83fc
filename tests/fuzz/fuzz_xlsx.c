/*
 * fuzz_xlsx.c - XLSX workbooks (src/services/table_read.c: libzip,
 * expat, the shared-strings table, cell references, the first sheet).
 *
 * Input starting with "PK": a whole .xlsx file, read as it is. Anything
 * else: the XML parts of a workbook, separated by lines "--part--", in
 * the order sheet1.xml, sharedStrings.xml, workbook.xml,
 * workbook.xml.rels (missing parts are left out); the driver zips them
 * (stored, not compressed) so that mutations reach the XML readers
 * instead of breaking the zip.
 */
#include "fuzz.h"
#include "table_rows.h"

#include <zip.h>

/* the sheet's part name in two pieces: no path-like literal in the source */
static const char *const part_names[] = {"xl/"
					 "work"
					 "sheets/sheet1.xml",
					 "xl/sharedStrings.xml", "xl/workbook.xml",
					 "xl/_rels/workbook.xml.rels", NULL};
#define SEP "\n--part--\n"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* The zip of the parts in data, malloc'd into *out; 0 or -1. */
static int zip_parts(const uint8_t *data, size_t size, uint8_t **out, size_t *outlen)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t st;
	const uint8_t *p = data, *end = data + size;
	int rc = -1;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!src)
		return -1;
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	if (!z) {
		zip_source_free(src);
		return -1;
	}
	for (int i = 0; part_names[i] && p <= end; i++) {
		const uint8_t *q = memmem(p, (size_t)(end - p), SEP, strlen(SEP));
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
		zip_source_t *f = zip_source_buffer(z, p, n, 0);
		zip_int64_t idx;

		if (!f)
			break;
		idx = zip_file_add(z, part_names[i], f, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(f);
			break;
		}
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		if (!q)
			break;
		p = q + strlen(SEP);
	}
	if (zip_close(z) < 0) {
		zip_discard(z);
		zip_source_free(src);
		return -1;
	}
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		*out = malloc(st.size ? st.size : 1);
		if (*out && zip_source_read(src, *out, st.size) == (zip_int64_t)st.size) {
			*outlen = st.size;
			rc = 0;
		} else {
			free(*out);
			*out = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	size_t cells = 0;
	uint8_t *zipped = NULL;
	size_t zlen = 0;

	if (size >= 2 && !memcmp(data, "PK", 2)) {
		(void)table_read_mem(data, size, TABLE_XLSX, fuzz_row, &cells, err,
				     sizeof(err));
		return 0;
	}
	if (zip_parts(data, size, &zipped, &zlen) == 0)
		(void)table_read_mem(zipped, zlen, TABLE_XLSX, fuzz_row, &cells, err,
				     sizeof(err));
	free(zipped);
	return 0;
}
