/*
 * fuzz_tzif.c - time zone files of the TZ database (src/base/timeutil.c
 * time_zone_parse_tzif(): the TZif header and its counts, version 1 and
 * the 64-bit block of versions 2 to 4, transition times and types, the
 * footer's POSIX TZ string), and the offsets the parsed zone gives.
 *
 * Input: the file.
 */
#include "fuzz.h"

#include "base/timeutil.h"

static struct time_zone zone; /* 15 KB: not on the stack */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t probes[] = {INT64_MIN,  -1,           0,        583718400,
					 1796319000, 4102444800LL, INT64_MAX};
	unsigned char *copy = malloc(size ? size : 1);

	if (!copy)
		abort();
	memcpy(copy, data, size); /* exactly size bytes: a read past is caught */
	if (time_zone_parse_tzif(copy, size, &zone) == 0) {
		if (zone.ntrans > TIME_ZONE_MAX_TRANS)
			abort();
		for (size_t i = 1; i < zone.ntrans; i++)
			if (zone.at[i] <= zone.at[i - 1])
				abort(); /* the lookup's binary search needs them sorted */
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
			int32_t off = time_zone_offset(&zone, probes[i]);

			if (off < -26 * 3600 || off > 26 * 3600)
				abort();
		}
	} else if (zone.ntrans != 0) {
		abort(); /* a refused file leaves no transitions behind */
	}
	free(copy);
	return 0;
}
