/*
 * selfeval.c - the candidate pool's rules (core/selfeval.h).
 */
#include "core/selfeval.h"

#include "core/plan.h"

#include <string.h>

static const char *const pools[] = {"public", "staff", "partners", NULL};

const char *const *selfeval_pools(void) { return pools; }

bool selfeval_pool_valid(const char *pool)
{
	for (int i = 0; pool && pools[i]; i++)
		if (!strcmp(pool, pools[i]))
			return true;
	return false;
}

bool selfeval_hr_valid(const char *hr_filing)
{
	return hr_filing && (!*hr_filing || !strcmp(hr_filing, "Y"));
}

const char *selfeval_effective_pool(const char *pool, const struct selfeval_hr *hr)
{
	if (hr && hr->hr_filing && !strcmp(hr->hr_filing, "Y") && !hr->outside)
		return "staff";
	return pool && *pool ? pool : "public";
}

static bool listed(const struct plan_partner *partners, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (partners[i].credit_code && !strcmp(partners[i].credit_code, code))
			return true;
	return false;
}

const char *selfeval_admits(const char *pool, const char *inst_code,
			    const struct plan_partner *partners, size_t n,
			    const char *person_code)
{
	bool staff;

	if (!pool || !strcmp(pool, "public"))
		return NULL;
	person_code = person_code ? person_code : "";
	staff = *person_code && inst_code && !strcmp(person_code, inst_code);
	if (!strcmp(pool, "staff"))
		return staff ? NULL : "selfeval.not_staff";
	if (staff || (*person_code && listed(partners, n, person_code)))
		return NULL;
	return "selfeval.not_partner";
}

bool selfeval_offer_within(const char *pool, const char *inst_code,
			   const struct plan_partner *partners, size_t n,
			   const char *audience, const char *const *codes, size_t ncodes)
{
	if (!pool || !strcmp(pool, "public"))
		return true;
	if (!audience || !strcmp(audience, "public"))
		return false;
	if (!strcmp(audience, "staff"))
		return true;
	/* audience "partners": each code the pool admits */
	for (size_t i = 0; i < ncodes; i++)
		if (selfeval_admits(pool, inst_code, partners, n, codes[i]))
			return false;
	return true;
}

const char *selfeval_recusal(const char *pool, const char *staff_employer,
			     const char *staff_credit, const char *cand_employer,
			     const char *cand_credit, const char *declared_kind)
{
	if (pool && (!strcmp(pool, "staff") || !strcmp(pool, "partners")))
		return recusal_reason(NULL, NULL, NULL, NULL, declared_kind);
	return recusal_reason(staff_employer, staff_credit, cand_employer, cand_credit,
			      declared_kind);
}
