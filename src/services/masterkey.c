/* masterkey.c - see masterkey.h. */
#include "services/masterkey.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int masterkey_create(const char *path, char *err, size_t errlen)
{
	unsigned char key[MASTERKEY_BYTES];
	char hex[MASTERKEY_BYTES * 2 + 2];
	int fd, rc = -1;
	size_t len;

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create key file %s: %s", path,
			 strerror(errno));
		return -1;
	}
	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	len = strlen(hex);
	hex[len++] = '\n';
	if (write(fd, hex, len) == (ssize_t)len && fsync(fd) == 0)
		rc = 0;
	else
		snprintf(err, errlen, "cannot write key file %s: %s", path, strerror(errno));
	close(fd);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(hex, sizeof(hex));
	if (rc)
		unlink(path);
	return rc;
}

int masterkey_load(const char *path, unsigned char key[MASTERKEY_BYTES], char *err,
		   size_t errlen)
{
	char hex[MASTERKEY_BYTES * 2 + 8];
	size_t bin_len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (n < MASTERKEY_BYTES * 2) {
		snprintf(err, errlen, "key file %s is too short", path);
		return -1;
	}
	hex[n] = '\0';
	if (sodium_hex2bin(key, MASTERKEY_BYTES, hex, (size_t)n, "\n", &bin_len, NULL) != 0 ||
	    bin_len != MASTERKEY_BYTES) {
		sodium_memzero(hex, sizeof(hex));
		snprintf(err, errlen, "key file %s is not 64 hex digits", path);
		return -1;
	}
	sodium_memzero(hex, sizeof(hex));
	return 0;
}

void masterkey_wipe(unsigned char key[MASTERKEY_BYTES])
{
	sodium_memzero(key, MASTERKEY_BYTES);
}
