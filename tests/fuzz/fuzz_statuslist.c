/*
 * fuzz_statuslist.c - Bitstring Status Lists (src/services/statuslist.c
 * statuslist_decode(): multibase "u", base64url, one gzip member, the
 * size guard), then reading entries of the decoded list as a verifier
 * does, and encoding it back.
 *
 * Input: the first byte picks what the rest is: 0 the encodedList text;
 * 1 the gzip bytes themselves, which the driver writes as "u" +
 * base64url, so that mutations reach the inflater.
 */
#include "fuzz.h"

#include "services/sign.h"
#include "services/statuslist.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *bits = NULL;
	size_t nbytes = 0;
	char *text;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		struct buf b;

		buf_init(&b, 0);
		buf_putc(&b, 'u');
		sign_b64url(data + 1, size - 1, &b);
		text = buf_failed(&b) ? fuzz_strndup(data, 0) : buf_detach(&b, NULL);
		buf_release(&b);
	} else {
		text = fuzz_strndup(data + 1, size - 1);
	}
	if (statuslist_decode(text, &bits, &nbytes) == 0) {
		struct buf out;

		if (!bits || !nbytes || nbytes > STATUSLIST_MAX_BYTES)
			abort();
		(void)statuslist_get(bits, nbytes, 0);
		(void)statuslist_get(bits, nbytes, nbytes * 8 - 1);
		(void)statuslist_get(bits, nbytes, nbytes * 8);
		statuslist_set(bits, nbytes, nbytes * 8 - 1, true);
		buf_init(&out, 0);
		(void)statuslist_encode(bits, nbytes, &out);
		buf_release(&out);
	} else if (bits || nbytes) {
		abort();
	}
	free(bits);
	free(text);
	return 0;
}
