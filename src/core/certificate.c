/* certificate.c - certificate status rules; see certificate.h. */
#include "core/certificate.h"

#include <string.h>

static const char *const status_names[CERT_STATUS_COUNT] = {
	"valid", "suspended", "revoked", "superseded"};
static const char *const action_names[] = {"suspend", "reinstate", "revoke",
					   "supersede"};

const char *cert_status_name(enum cert_status s)
{
	return (unsigned)s < CERT_STATUS_COUNT ? status_names[s] : NULL;
}

int cert_status_parse(const char *s)
{
	for (int i = 0; s && i < CERT_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

const char *cert_action_name(enum cert_action a)
{
	return (unsigned)a < 4 ? action_names[a] : NULL;
}

int cert_action_parse(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (!strcmp(s, action_names[i]))
			return i;
	return -1;
}

int cert_transition(enum cert_status from, enum cert_action a, const char **why)
{
	*why = NULL;
	if (from == CERT_REVOKED || from == CERT_SUPERSEDED) {
		*why = "cert.final";
		return -1;
	}
	switch (a) {
	case CERT_SUSPEND:
		if (from == CERT_VALID)
			return CERT_SUSPENDED;
		*why = "cert.already_suspended";
		return -1;
	case CERT_REINSTATE:
		if (from == CERT_SUSPENDED)
			return CERT_VALID;
		*why = "cert.not_suspended";
		return -1;
	case CERT_REVOKE:
		return CERT_REVOKED;
	case CERT_SUPERSEDE:
		return CERT_SUPERSEDED;
	}
	*why = "cert.bad_action";
	return -1;
}

bool cert_line_valid(const char *line)
{
	return line && (!strcmp(line, "skill") || !strcmp(line, "industry") ||
			!strcmp(line, "legacy"));
}
