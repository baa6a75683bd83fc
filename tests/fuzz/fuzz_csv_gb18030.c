/*
 * fuzz_csv_gb18030.c - CSV read as GB18030 (src/services/table_read.c):
 * the input behind a first field "姓" in GB18030 (D0 D5, not UTF-8), so
 * that the encoding detection chooses GB18030 and every field goes
 * through iconv. The input is also read as it is (TABLE_AUTO), which
 * exercises the detection itself.
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
	unsigned char *in = malloc(size + 2);
	char err[256];
	size_t cells = 0;

	if (!in)
		abort();
	memcpy(in, "\xD0\xD5", 2);
	memcpy(in + 2, data, size);
	(void)table_read_mem(in, size + 2, TABLE_CSV, fuzz_row, &cells, err, sizeof(err));
	if (size < 2 || memcmp(data, "PK", 2))
		(void)table_read_mem(data, size, TABLE_AUTO, fuzz_row, &cells, err,
				     sizeof(err));
	free(in);
	return 0;
}
