/*
 * fuzz_archive.c - ZIP archives as people upload them (src/services/
 * archive.c archive_each(): libzip's reading of the central directory and
 * the entries, the limits on entries and unpacked sizes, the skipping of
 * folders and archivers' metadata).
 *
 * Input: the archive.
 */
#include "fuzz.h"

#include "services/archive.h"

#define MAX_FILE 4096

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int check(const char *name, const void *data, size_t len, int too_big, void *arg)
{
	size_t *files = arg;

	/* a file is given whole within the limit, or flagged without bytes */
	if (!name || (too_big ? data != NULL || len : data == NULL || len > MAX_FILE))
		abort();
	if (len)
		(void)((const volatile unsigned char *)data)[len - 1];
	return ++*files > ARCHIVE_MAX_ENTRIES;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	char err[256];
	size_t files = 0;

	if (!copy)
		abort();
	memcpy(copy, data, size); /* exactly size bytes: a read past is caught */
	err[0] = '\0';
	if (archive_each(copy, size, MAX_FILE, check, &files, err, sizeof(err)) != 0 &&
	    !err[0])
		abort();
	if (files > ARCHIVE_MAX_ENTRIES)
		abort();
	free(copy);
	return 0;
}
