/*
 * authz.h - roles, permissions and scope: who may do what, where.
 *
 * A grant gives a user one role on one institution and its whole subtree;
 * a grant with no institution (scope 0) covers the whole network (the
 * center level). A role is a fixed set of permissions. Pure rules, no I/O:
 * app/ loads the actor's grants and the target's ancestors and asks here.
 */
#ifndef CORE_AUTHZ_H
#define CORE_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>

enum role {
	ROLE_CENTER_ADMIN,
	ROLE_INSTITUTION_ADMIN,
	ROLE_EXAM_OFFICER,
	ROLE_ASSESSOR,
	ROLE_SUPERVISOR,
	ROLE_VIEWER,
	ROLE_COUNT
};

/* Permission names, used in the route table and by app/. */
#define PERM_INSTITUTION_CREATE "institution.create"
#define PERM_INSTITUTION_RENAME "institution.rename"
#define PERM_USER_MANAGE "user.manage"
#define PERM_AUDIT_READ "audit.read"
#define PERM_ACCOUNT "account"                    /* any logged-in user, own account */
#define PERM_INSTITUTION_READ "institution.read"  /* private fields */
#define PERM_REGISTRY_APPLY "registry.apply"      /* apply, renew, edit */
#define PERM_REGISTRY_DECIDE "registry.decide"    /* batches, status, scope */
#define PERM_REGISTRY_INSPECT "registry.inspect"  /* inspections, findings */
#define PERM_REGISTRY_FILE "registry.file"        /* HR filings */
#define PERM_PERSON_MANAGE "person.manage"        /* the person registry */
#define PERM_PLAN_MANAGE "plan.manage"            /* plans, staff, enrolment */
#define PERM_PLAN_APPROVE "plan.approve"          /* on the parent: approve */
#define PERM_PLAN_SUPERVISE "plan.supervise"      /* sign off a recusal */
#define PERM_CERT_ISSUE "certificate.issue"       /* issue a closed plan's */
#define PERM_CERT_MANAGE "certificate.manage"     /* revoke, suspend, correct */
#define PERM_CERT_READ "certificate.read"         /* full records, PDFs */
#define PERM_FILING "filing.manage"               /* filing batches */
#define PERM_KEY_MANAGE "key.manage"              /* signing keys, settings */
#define PERM_COMP_MANAGE "competition.manage"     /* organise: events, judges */
#define PERM_COMP_ENTER "competition.enter"       /* nominate contestants */
#define PERM_COMP_PROMOTE "competition.promote"   /* approve promotions: the center */
#define PERM_COMMEND_MANAGE "commendation.manage" /* campaigns: the center */
#define PERM_COMMEND_NOMINATE "commendation.nominate" /* nominate; endorse on a branch */
#define PERM_APPR_MANAGE "apprenticeship.manage"      /* classes, apprentices, subsidy */
#define PERM_TRAINING_MANAGE "training.manage" /* courses, enrolments, completion */
#define PERM_STATS_READ "statistics.read"      /* figures, charts, exports */
#define PERM_SUPERVISE "supervision.manage"    /* flags, findings from flags */
#define PERM_WEBHOOK_MANAGE "webhook.manage"   /* subscriptions, deliveries */
#define PERM_ITEM_WRITE "item.write"           /* the item bank: read, write, revise */
#define PERM_ITEM_REVIEW "item.review"         /* review another's submitted item */
#define PERM_ITEM_APPROVE "item.approve"       /* approve a reviewed item, retire */

const char *role_name(enum role r);
int role_parse(const char *s); /* -1 when unknown */
/* All role code names in order, NULL-terminated. */
const char *const *role_names_all(void);
/* True when role r carries permission perm. */
bool role_has(enum role r, const char *perm);
/* True when perm is a known permission name. */
bool perm_known(const char *perm);

struct grant {
	long long id;
	enum role role;
	long long institution_id; /* 0 = the whole network */
};

/* True when one of the grants carries perm on the target, whose ancestry
 * (the target itself first, then its parent, ... up to the root) is given.
 * A target of n_ancestry 0 is "the whole network": only a scope-0 grant
 * covers it. */
bool authz_allows(const struct grant *grants, size_t ngrants, const char *perm,
		  const long long *ancestry, size_t n_ancestry);
/* True when some grant carries perm anywhere (the route-level check). */
bool authz_allows_somewhere(const struct grant *grants, size_t ngrants, const char *perm);

/* Password rules for people (not for generated secrets): 10..128 bytes,
 * not all one character class... returns a catalog key, NULL when fine. */
const char *password_policy(const char *password, const char *username);

#endif
