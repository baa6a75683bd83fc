/*
 * selfeval.h - enterprise self-evaluation (企业自主评价, issue 15), the pure
 * rules: who a plan's candidate pool admits, which online-application
 * audience fits inside it, and what an HR filing allows
 * (docs/self-evaluation.md).
 */
#ifndef CORE_SELFEVAL_H
#define CORE_SELFEVAL_H

#include <stdbool.h>
#include <stddef.h>

/* An institution's HR filing: "" (under the center's S filing) or "Y" (an
 * employer evaluation institution, 用人单位评价机构). */
struct selfeval_hr {
	const char *hr_filing, *hr_filing_no;
	int outside; /* its filing lets it serve candidates from outside */
};

/* A partner company of a plan whose pool is "partners". */
struct plan_partner {
	const char *credit_code, *company_name;
};

/* One certificate of the dashboard (a staff member's valid skill one). */
struct selfeval_cert {
	long long id, person_id;
	const char *number, *holder_name, *occupation_name, *issued_on;
	int level;
};

/* A post-skill specification an institution adopted (core/post_spec.h
 * parses its body). */
struct post_spec_row {
	long long id, institution_id;
	const char *code, *version, *name, *occupation_code, *standard_version;
	const char *body, *sha256, *created_by, *created_at;
};

/* "public", "staff", "partners", NULL-terminated. */
const char *const *selfeval_pools(void);
bool selfeval_pool_valid(const char *pool);
/* Whether the filing is one of "" and "Y". */
bool selfeval_hr_valid(const char *hr_filing);
/* The pool a plan enforces: a Y institution whose filing does not reach
 * outside candidates runs only its own staff, whatever the plan says. */
const char *selfeval_effective_pool(const char *pool, const struct selfeval_hr *hr);
/* NULL when the pool admits a person employed by person_code (""
 * unknown): public anyone; staff those of inst_code; partners those and
 * the listed companies. Else the catalog key of the refusal. */
const char *selfeval_admits(const char *pool, const char *inst_code,
			    const struct plan_partner *partners, size_t n,
			    const char *person_code);
/* Whether an online-application offer to audience (public, staff,
 * partners with codes) reaches no one the pool would refuse. */
bool selfeval_offer_within(const char *pool, const char *inst_code,
			   const struct plan_partner *partners, size_t n,
			   const char *audience, const char *const *codes, size_t ncodes);

/* Why a staff member may not assess a candidate of a plan whose
 * effective pool is pool. In a "staff" or "partners" pool (enterprise
 * self-evaluation, 企业自主评价) the candidates are the institution's
 * own staff (or a partner's) and so are its in-house assessors: sharing
 * the employer is then not by itself a recusal, while a declared
 * relationship (declared_kind: a relative, a trainer, ...) still is. In a
 * public pool, recusal_reason() (core/plan.h) whole. A catalog key, or
 * NULL when nothing stands in the way. */
const char *selfeval_recusal(const char *pool, const char *staff_employer,
			     const char *staff_credit, const char *cand_employer,
			     const char *cand_credit, const char *declared_kind);

#endif
