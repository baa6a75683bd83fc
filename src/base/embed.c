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

const char *const *embed_codes(struct embed_codes *out, size_t max,
			       const struct embedded_file *files, size_t n, const char *ext)
{
	size_t k = 0, elen = strlen(ext);

	if (max > EMBED_CODES_MAX)
		max = EMBED_CODES_MAX;
	for (size_t i = 0; i < n && k < max; i++) {
		const char *name = files[i].name;
		size_t len = strlen(name);

		if (len <= elen || len - elen >= sizeof(out->names[0]) ||
		    strcmp(name + len - elen, ext))
			continue;
		memcpy(out->names[k], name, len - elen);
		out->names[k][len - elen] = '\0';
		out->codes[k] = out->names[k];
		k++;
	}
	out->codes[k] = NULL;
	return out->codes;
}
