/*
 * fuzz_qti_package.c - QTI content packages (src/services/qti.c
 * qti_package_read(): libzip, the manifest's resources and LOM
 * classification, hrefs kept inside the package, the limits on entries,
 * bytes and items, then each item's XML).
 *
 * Input starting with "PK": a whole package, read as it is. Anything else:
 * the manifest and item files separated by lines "--part--", zipped by
 * the driver as imsmanifest.xml, i1.xml, i2.xml ... so that mutations
 * reach the XML readers instead of breaking the zip.
 */
#include "fuzz.h"

#include <stdio.h>

#include "services/qti.h"
#include "services/table.h"

#define SEP "\n--part--\n"
#define MAX_PARTS 16

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check(const struct qti_import *im, int rc)
{
	if (rc != 0 && (!im->error || im->nitems || im->nrefused))
		abort();
	if (rc == 0 && im->error)
		abort();
	for (size_t i = 0; i < im->nitems; i++)
		if (item_check(&im->items[i], NULL))
			abort(); /* only complete items are taken */
	for (size_t i = 0; i < im->nrefused; i++)
		if (!im->refused[i].key)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qti_import im;
	struct buf z;
	int rc;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		unsigned char *copy = malloc(size);

		if (!copy)
			abort();
		memcpy(copy, data, size);
		rc = qti_package_read(copy, size, &im);
		check(&im, rc);
		qti_import_release(&im);
		free(copy);
		return 0;
	}
	{
		struct table_zip_entry e[MAX_PARTS];
		char names[MAX_PARTS][16];
		const uint8_t *p = data, *end = data + size;
		size_t n = 0;
		char err[256];

		while (n < MAX_PARTS && p <= end) {
			const uint8_t *q = memmem(p, (size_t)(end - p), SEP, strlen(SEP));
			size_t k = q ? (size_t)(q - p) : (size_t)(end - p);

			if (n == 0)
				snprintf(names[n], sizeof names[n], "imsmanifest.xml");
			else
				snprintf(names[n], sizeof names[n], "i%zu.xml", n);
			e[n].name = names[n];
			e[n].data = p;
			e[n].len = k;
			n++;
			if (!q)
				break;
			p = q + strlen(SEP);
		}
		buf_init(&z, 0);
		if (table_write_zip(e, n, &z, err, sizeof err) == 0) {
			rc = qti_package_read(z.data, z.len, &im);
			check(&im, rc);
			qti_import_release(&im);
		}
		buf_release(&z);
	}
	return 0;
}
