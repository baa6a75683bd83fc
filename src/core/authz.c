/* authz.c - the role table and the scope check; see authz.h. */
#include "core/authz.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT + 1] = {
	[ROLE_CENTER_ADMIN] = "center_admin",
	[ROLE_INSTITUTION_ADMIN] = "institution_admin",
	[ROLE_EXAM_OFFICER] = "exam_officer",
	[ROLE_ASSESSOR] = "assessor",
	[ROLE_SUPERVISOR] = "supervisor",
	[ROLE_VIEWER] = "viewer",
	[ROLE_COUNT] = NULL,
};

const char *const *role_names_all(void) { return role_names; }

/* Which role carries which permission. Read it as a table. */
static const struct {
	const char *perm;
	unsigned roles; /* bit (1u << role) */
} perm_table[] = {
	{PERM_INSTITUTION_CREATE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_INSTITUTION_RENAME, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_USER_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_AUDIT_READ, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_SUPERVISOR},
	{PERM_ACCOUNT, (1u << ROLE_COUNT) - 1},
	{PERM_INSTITUTION_READ, (1u << ROLE_COUNT) - 1},
	{PERM_REGISTRY_APPLY, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_REGISTRY_DECIDE, 1u << ROLE_CENTER_ADMIN},
	{PERM_REGISTRY_INSPECT,
	 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN | 1u << ROLE_SUPERVISOR},
	{PERM_REGISTRY_FILE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_PERSON_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN |
				     1u << ROLE_EXAM_OFFICER},
	{PERM_PLAN_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN |
				   1u << ROLE_EXAM_OFFICER},
	{PERM_PLAN_APPROVE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_PLAN_SUPERVISE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_SUPERVISOR},
	{PERM_CERT_ISSUE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_CERT_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_CERT_READ, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN |
				 1u << ROLE_EXAM_OFFICER | 1u << ROLE_SUPERVISOR |
				 1u << ROLE_VIEWER},
	{PERM_FILING, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_KEY_MANAGE, 1u << ROLE_CENTER_ADMIN},
	{PERM_COMP_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_COMP_ENTER, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN |
				  1u << ROLE_EXAM_OFFICER},
	{PERM_COMP_PROMOTE, 1u << ROLE_CENTER_ADMIN},
	{PERM_COMMEND_MANAGE, 1u << ROLE_CENTER_ADMIN},
	{PERM_COMMEND_NOMINATE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_APPR_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_TRAINING_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_STATS_READ, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN |
				  1u << ROLE_SUPERVISOR | 1u << ROLE_VIEWER},
	{PERM_SUPERVISE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_SUPERVISOR},
	{PERM_WEBHOOK_MANAGE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
	{PERM_ITEM_WRITE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN |
				  1u << ROLE_EXAM_OFFICER | 1u << ROLE_ASSESSOR},
	{PERM_ITEM_REVIEW,
	 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN | 1u << ROLE_ASSESSOR},
	{PERM_ITEM_APPROVE, 1u << ROLE_CENTER_ADMIN | 1u << ROLE_INSTITUTION_ADMIN},
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : NULL;
}

int role_parse(const char *s)
{
	for (int i = 0; s && i < ROLE_COUNT; i++)
		if (!strcmp(s, role_names[i]))
			return i;
	return -1;
}

bool perm_known(const char *perm)
{
	for (size_t i = 0; perm && i < sizeof(perm_table) / sizeof(perm_table[0]); i++)
		if (!strcmp(perm_table[i].perm, perm))
			return true;
	return false;
}

bool role_has(enum role r, const char *perm)
{
	if ((unsigned)r >= ROLE_COUNT || !perm)
		return false;
	for (size_t i = 0; i < sizeof(perm_table) / sizeof(perm_table[0]); i++)
		if (!strcmp(perm_table[i].perm, perm))
			return (perm_table[i].roles >> r) & 1u;
	return false;
}

bool authz_allows(const struct grant *grants, size_t ngrants, const char *perm,
		  const long long *ancestry, size_t n_ancestry)
{
	for (size_t g = 0; g < ngrants; g++) {
		if (!role_has(grants[g].role, perm))
			continue;
		if (grants[g].institution_id == 0)
			return true;
		for (size_t a = 0; a < n_ancestry; a++)
			if (ancestry[a] == grants[g].institution_id)
				return true;
	}
	return false;
}

bool authz_allows_somewhere(const struct grant *grants, size_t ngrants, const char *perm)
{
	for (size_t g = 0; g < ngrants; g++)
		if (role_has(grants[g].role, perm))
			return true;
	return false;
}

const char *password_policy(const char *password, const char *username)
{
	size_t n = password ? strlen(password) : 0;
	int classes = 0, letter = 0, digit = 0, other = 0;

	if (n < 10)
		return "val.password.short";
	if (n > 128)
		return "val.password.long";
	if (username && *username && strcasestr(password, username))
		return "val.password.username";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)password[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			letter = 1;
		else if (c >= '0' && c <= '9')
			digit = 1;
		else
			other = 1;
	}
	classes = letter + digit + other;
	if (classes < 2)
		return "val.password.weak";
	return NULL;
}
