/* webhook.c - see webhook.h. */
#include "core/webhook.h"

#include <string.h>

const char *const webhook_kinds[] = {
	"certificate.issued",          "certificate.suspended",
	"certificate.reinstated",      "certificate.revoked",
	"certificate.superseded",      "results.published",
	"application.decided",         "filing.receipt_recorded",
	"registration.status_changed", NULL};

bool webhook_kind_known(const char *kind)
{
	for (size_t i = 0; kind && webhook_kinds[i]; i++)
		if (!strcmp(kind, webhook_kinds[i]))
			return true;
	return false;
}

/* Whether the comma-separated list holds word (spaces around ignored). */
static bool listed(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		const char *end;

		while (*p == ' ' || *p == ',')
			p++;
		end = p + strcspn(p, ", ");
		if ((size_t)(end - p) == n && !strncmp(p, word, n))
			return true;
		p = end;
	}
	return false;
}

const char *webhook_events_normal(struct arena *a, const char *given)
{
	char *out;
	size_t len = 1, known = 0, words = 0;

	if (!given || !*given || !strcmp(given, "*") || !strcmp(given, "all"))
		return "*";
	for (const char *p = given; *p;) {
		const char *end;
		bool ok = false;

		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		end = p + strcspn(p, ", ");
		for (size_t i = 0; webhook_kinds[i]; i++)
			if (strlen(webhook_kinds[i]) == (size_t)(end - p) &&
			    !strncmp(p, webhook_kinds[i], (size_t)(end - p)))
				ok = true;
		if (!ok)
			return NULL;
		words++;
		p = end;
	}
	if (!words)
		return NULL;
	for (size_t i = 0; webhook_kinds[i]; i++)
		len += strlen(webhook_kinds[i]) + 1;
	out = arena_alloc(a, len + 1);
	len = 0;
	out[len++] = ',';
	for (size_t i = 0; webhook_kinds[i]; i++)
		if (listed(given, webhook_kinds[i])) {
			size_t k = strlen(webhook_kinds[i]);

			memcpy(out + len, webhook_kinds[i], k);
			len += k;
			out[len++] = ',';
			known++;
		}
	out[len] = '\0';
	return known ? out : NULL;
}

bool webhook_events_take(const char *stored, const char *kind)
{
	size_t n = strlen(kind);

	if (!strcmp(stored, "*"))
		return true;
	for (const char *p = strstr(stored, kind); p; p = strstr(p + 1, kind))
		if (p > stored && p[-1] == ',' && p[n] == ',')
			return true;
	return false;
}

long long webhook_backoff_ms(long long attempts, long long base_ms, long long cap_ms)
{
	long long d = base_ms;

	while (--attempts > 0 && d < cap_ms)
		d *= 2;
	return d > cap_ms ? cap_ms : d;
}
