/*
 * archive.h - the files of a ZIP archive held in memory, one by one (for
 * bulk uploads such as a folder of photos). libzip reads; this module
 * keeps the limits: how many entries, how large each once unpacked (the
 * declared size is not trusted: reading stops past the limit).
 *
 * Nothing is written to disk; directories and the metadata folders of
 * archivers ("__MACOSX/", names starting with ".") are skipped.
 */
#ifndef SERVICES_ARCHIVE_H
#define SERVICES_ARCHIVE_H

#include <stddef.h>

#include "base/buf.h"

/* At most this many entries in an archive. */
#define ARCHIVE_MAX_ENTRIES 5000

/* Called for each file: its name inside the archive (UTF-8 as stored),
 * its bytes (valid during the call; NULL with too_big set when it holds
 * more than the limit). Return non-zero to stop. */
typedef int (*archive_fn)(const char *name, const void *data, size_t len, int too_big,
			  void *arg);

/* Reads every file of the ZIP in data[0..len) in order, each unpacked up
 * to max_file bytes. Returns 0 when every file was given to fn (or fn
 * stopped), -1 with a message in err when the archive cannot be read
 * (not a ZIP, more than ARCHIVE_MAX_ENTRIES entries, a damaged entry). */
int archive_each(const void *data, size_t len, size_t max_file, archive_fn fn, void *arg,
		 char *err, size_t errlen);

#endif
