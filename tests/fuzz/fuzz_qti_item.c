/*
 * fuzz_qti_item.c - one QTI item's XML (src/services/qti.c
 * qti_item_read(): expat with no DTD and a bounded depth, the item's
 * response declaration, body, interaction and choices, the stem's
 * flattening, true/false detection).
 *
 * Input: the XML. An item that is read is written back (qti_item_write)
 * and read again: it must come back the same, field by field.
 */
#include "fuzz.h"

#include "services/qti.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	struct item it, back;
	const char *field;
	char why[64];
	struct buf out;

	if (!copy)
		abort();
	memcpy(copy, data, size); /* exactly size bytes: a read past is caught */
	if (qti_item_read(copy, size, &it, &field, why, sizeof why) != 0) {
		if (!why[0] || !strchr(why, '.'))
			abort(); /* a refusal always has its catalog key */
		free(copy);
		return 0;
	}
	buf_init(&out, 0);
	if (qti_item_write(&it, &out) != 0)
		abort();
	if (qti_item_read(out.data, out.len, &back, &field, why, sizeof why) != 0)
		abort();
	if (strcmp(it.ref, back.ref) || it.kind != back.kind ||
	    strcmp(it.point, back.point) || !same(it.stem, back.stem) ||
	    it.noptions != back.noptions || it.key != back.key ||
	    !same(it.explanation, back.explanation))
		abort();
	for (int i = 0; i < it.noptions; i++)
		if (!same(it.options[i], back.options[i]))
			abort();
	item_clear(&it);
	item_clear(&back);
	buf_release(&out);
	free(copy);
	return 0;
}
