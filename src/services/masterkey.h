/*
 * masterkey.h - the master key file that wraps every stored secret.
 *
 * The file holds 64 hex digits (32 random bytes) and a newline, mode 0600.
 * masterkey_create() refuses to overwrite an existing file. The key bytes
 * are wiped by masterkey_wipe() when no longer needed.
 */
#ifndef SERVICES_MASTERKEY_H
#define SERVICES_MASTERKEY_H

#include <stddef.h>

#define MASTERKEY_BYTES 32

int masterkey_create(const char *path, char *err, size_t errlen);
int masterkey_load(const char *path, unsigned char key[MASTERKEY_BYTES], char *err,
		   size_t errlen);
void masterkey_wipe(unsigned char key[MASTERKEY_BYTES]);

#endif
