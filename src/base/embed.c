/*
 * embed.c - looking up the files compiled into the binary (embed.h).
 */
#include "base/embed.h"

#include <string.h>

const struct embedded_file *embed_find(const struct embedded_file *files, size_t n,
				       const char *code, const char *ext)
{
	size_t len;

	if (!code || !*code || strchr(code, '/'))
		return NULL;
	len = strlen(code);
	for (size_t i = 0; i < n; i++)
		if (!strncmp(files[i].name, code, len) && !strcmp(files[i].name + len, ext))
			return &files[i];
	return NULL;
}
