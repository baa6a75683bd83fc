/*
 * archive.c - the files of an in-memory ZIP archive, within limits
 * (archive.h). libzip does the reading.
 */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/str.h"
#include "services/archive.h"

/* Whether an entry is no file of the user's: a directory, or what
 * archivers add (macOS resource forks, hidden files). */
static int skipped(const char *name)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	return !*base || *base == '.' || !strncmp(name, "__MACOSX/", 9);
}

/* Reads entry i into b (up to max + 1 bytes); -1 on a damaged entry. */
static int read_entry(zip_t *z, zip_uint64_t i, size_t max, struct buf *b, char *err,
		      size_t errlen)
{
	zip_file_t *zf = zip_fopen_index(z, i, 0);
	char chunk[16384];
	zip_int64_t got = 0;

	if (!zf) {
		str_errf(err, errlen, "entry %llu: %s", (unsigned long long)i,
			 zip_strerror(z));
		return -1;
	}
	buf_reset(b);
	while (b->len <= max && (got = zip_fread(zf, chunk, sizeof(chunk))) > 0)
		buf_append(b, chunk, (size_t)got);
	if (b->len <= max && got < 0) {
		str_errf(err, errlen, "entry %llu: %s", (unsigned long long)i,
			 zip_file_strerror(zf));
		zip_fclose(zf);
		return -1;
	}
	zip_fclose(zf);
	return 0;
}

int archive_each(const void *data, size_t len, size_t max_file, archive_fn fn, void *arg,
		 char *err, size_t errlen)
{
	zip_error_t ze;
	zip_source_t *s;
	zip_t *z;
	zip_int64_t n;
	struct buf b;
	int rc = 0;

	zip_error_init(&ze);
	s = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	z = s ? zip_open_from_source(s, ZIP_RDONLY, &ze) : NULL;
	if (!z) {
		str_errf(err, errlen, "not a ZIP archive (%s)", zip_error_strerror(&ze));
		if (s)
			zip_source_free(s);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(z, 0);
	if (n < 0 || n > ARCHIVE_MAX_ENTRIES) {
		str_errf(err, errlen, "more than %d entries in the archive",
			 ARCHIVE_MAX_ENTRIES);
		zip_discard(z);
		return -1;
	}
	/* room for the limit and one chunk past it */
	buf_init(&b, max_file + 32768);
	for (zip_int64_t i = 0; i < n && rc == 0; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		zip_stat_t st;
		int big;

		if (!name || skipped(name))
			continue;
		zip_stat_init(&st);
		/* the declared size first (cheap), the bytes read second */
		big = zip_stat_index(z, (zip_uint64_t)i, 0, &st) == 0 &&
		      (st.valid & ZIP_STAT_SIZE) && st.size > max_file;
		if (!big && read_entry(z, (zip_uint64_t)i, max_file, &b, err, errlen)) {
			rc = -1;
			break;
		}
		big = big || b.len > max_file;
		rc = fn(name, big ? NULL : b.data, big ? 0 : b.len, big, arg) ? 1 : 0;
	}
	buf_release(&b);
	zip_discard(z);
	return rc < 0 ? -1 : 0;
}
