/*
 * fuzz_csv_utf8.c - CSV read as UTF-8 (src/services/table_read.c): the
 * input with a UTF-8 byte order mark in front, so that the reader takes it
 * as UTF-8 whatever follows (an undecodable field is then an error).
 */
#include "fuzz.h"
#include "table_rows.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *in = malloc(size + 3);
	char err[256];
	size_t cells = 0;

	if (!in)
		abort();
	memcpy(in, "\xEF\xBB\xBF", 3);
	memcpy(in + 3, data, size);
	(void)table_read_mem(in, size + 3, TABLE_CSV, fuzz_row, &cells, err, sizeof(err));
	free(in);
	return 0;
}
