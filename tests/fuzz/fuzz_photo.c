/*
 * fuzz_photo.c - photos as people upload them (src/core/photo.c
 * photo_check(): JPEG markers up to the frame header and the end of
 * image, PNG chunks from IHDR to IEND, sizes).
 *
 * Input: the file.
 */
#include "fuzz.h"

#include "core/photo.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct photo_info info;
	struct rule_error err;
	unsigned char *copy = malloc(size ? size : 1);

	if (!copy)
		abort();
	memcpy(copy, data, size); /* exactly size bytes: a read past is caught */
	memset(&err, 0, sizeof(err));
	if (photo_check(copy, size, &info, &err)) {
		if (!info.mime || info.width < PHOTO_MIN_SIDE ||
		    info.height < PHOTO_MIN_SIDE || info.width > PHOTO_MAX_SIDE ||
		    info.height > PHOTO_MAX_SIDE)
			abort();
	} else if (!err.msg) {
		abort();
	}
	free(copy);
	return 0;
}
