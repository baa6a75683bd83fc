/*
 * certificate.h - a certificate as stored and shown, and the rules of its
 * status (domain.md §1, §2, §8).
 *
 * Lines: "skill" (职业技能等级证书, the 22-character number), "industry"
 * (机械行业职业能力证书, numbered by the configured pattern) and "legacy"
 * (职业资格证书 records imported from before 2020, verified but not signed)
 * and "award" (获奖证书 of a competition, level 0, never a skill level;
 * numbered by the award_pattern setting; its facts in struct cert_award).
 *
 * Status: valid → suspended → valid (reinstated) · valid|suspended →
 * revoked (final) · valid|suspended → superseded (a successor carries the
 * correction; final). Every change has a reason and a date.
 */
#ifndef CORE_CERTIFICATE_H
#define CORE_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>

struct certificate {
	long long id;
	const char *number, *line;
	long long enrolment_id, plan_id, person_id, institution_id;
	const char *institution_name, *institution_code, *province_code, *site_code;
	const char *holder_name, *id_type, *id_blind, *id_masked;
	const char *occupation_code, *occupation_name, *work_type;
	int level;
	const char *issued_on, *scores;
	const char *status, *status_reason, *status_date;
	const char *status_category; /* a revocation's public category; "" */
	long long supersedes, superseded_by, status_index;
	const char *kid, *credential, *qr_token, *created_at;
	/* joined: the issuing institution's registration now */
	const char *institution_status, *institution_valid_until;
	const char *superseded_by_number;
	/* joined: an award certificate's award ("gold" …) (line "award",
	 * migration 0027; "" for every other line), and the competition's name
	 * of an award certificate or of a promotion's certificate ("" else).
	 * An honour certificate (line "honour", migration 0030) has here its
	 * category ("advanced_collective" …) and its campaign's title, and
	 * campaign_id its campaign (0 for every other line); award_name and
	 * award_name_en the category's names as the campaign's rules give them
	 * (migration 0031; "" for every other line or when none). */
	const char *award, *competition_name;
	long long campaign_id;
	const char *award_name, *award_name_en;
	/* joined: the competition of a promotion's certificate (竞赛获奖晋级,
	 * migration 0028); 0 for any other route. competition_award: what the
	 * contestant won ("优胜奖（第4名）"), set only while issuing, for the
	 * evidence */
	long long competition_id;
	const char *competition_award;
};

/* An award certificate's competition facts (获奖证书, line "award", level
 * 0; app/competition_awards.c). supersedes: the award certificate this
 * one replaced, 0 for the first. */
struct cert_award {
	long long certificate_id, competition_id, event_id, entry_id, person_id;
	long long supersedes;
	const char *award;  /* gold, silver, bronze, excellence */
	const char *titles; /* comma list of title codes ("" for none) */
	int place, entrants, total /* hundredths */, standardised;
	bool squad;
	/* joined: the competition, the event and the certificate */
	const char *competition_name, *tier, *grp, *occupation_code, *occupation_name;
	int year;
	const char *number, *holder_name, *status, *issued_on;
};

/* An honour certificate (荣誉证书, line "honour", issue 14) as the honour
 * roll lists it: its campaign, category, the institution (a collective's
 * holder, or a person's institution) and the person (0 for a collective);
 * the category's names as the campaign's rules give them ("" when none). */
struct comm_honour {
	long long certificate_id, campaign_id, institution_id, person_id;
	int year;
	const char *title, *category, *institution_name, *holder_name, *number, *status,
		*issued_on, *decision_no, *qr_token;
	const char *category_name, *category_name_en;
};
/* A category as the honour roll offers it: its code and names. */
struct comm_category {
	const char *code, *name, *name_en;
};

struct certificate_event {
	long long id, certificate_id;
	const char *action, *reason, *doc_no, *actor, *at;
};

/* A passing candidate of a plan who has no certificate yet. */
struct cert_candidate {
	long long enrolment_id, person_id;
	const char *name, *id_type, *id_blind, *id_masked;
	bool has_photo; /* domain.md §2.1: no certificate without one */
};

/* An Ed25519 signing key as stored (the seed wrapped). */
struct signing_key {
	const char *kid, *public_key, *wrapped, *created_at, *retired_at;
};

enum cert_status {
	CERT_VALID,
	CERT_SUSPENDED,
	CERT_REVOKED,
	CERT_SUPERSEDED,
	CERT_STATUS_COUNT
};

enum cert_action { CERT_SUSPEND, CERT_REINSTATE, CERT_REVOKE, CERT_SUPERSEDE };

const char *cert_status_name(enum cert_status s); /* "valid" …; NULL */
int cert_status_parse(const char *s);             /* -1 when unknown */
const char *cert_action_name(enum cert_action a); /* "suspend" … */
int cert_action_parse(const char *s);
/* The status after action from status, or -1 when not allowed (then *why
 * is the catalog key saying so). */
int cert_transition(enum cert_status from, enum cert_action a, const char **why);

bool cert_line_valid(const char *line); /* "skill", "industry", "legacy" */

/* Written level "一级/高级技师" comes from the catalog ("level.N"). */

/* What a certificate states where a skill certificate has its level, in
 * lang (0 zh, 1 en): the level's label ("四级/中级工"), or for an award
 * certificate (line "award", which never has a level) "获奖证书 · 金牌 ·
 * the competition's name". Written into out (outlen bytes, at least
 * CERT_AWARD_MAX); returns out. */
const char *cert_grade_text(int lang, const struct certificate *x, char *out, size_t outlen);
/* True for an award certificate (line "award"): never a skill level. */
bool cert_is_award(const struct certificate *x);
/* True for an honour certificate (荣誉证书, line "honour", issue 14). */
bool cert_is_honour(const struct certificate *x);
/* True for a training certificate (培训证书, line "training", issue 15). */
bool cert_is_training(const struct certificate *x);
/* True for a certificate that recognises and states no skill level: an
 * award, an honour or a training certificate. Every reader that looks for a level
 * (promotions, eligibility, subsidy) skips these. */
bool cert_is_recognition(const struct certificate *x);
/* An honour certificate's category in lang ("先进集体"), as its campaign's
 * rules name it (core commend_cat_text). */
const char *cert_honour_category_text(int lang, const struct certificate *x);

/* The award a certificate states: the occupation, its work type in full-
 * width parentheses when there is one, and the level, with nothing between
 * them: "车工四级/中级工", "车工（数控车工）四级/中级工". A work type that
 * is empty, NULL or a placeholder ("--", "-", "—", "——", "/", "无", only
 * blanks) is no work type: never "车工（--）". The certificate's body says
 * "准予取得" + this + "职业技能等级"; the credential's description and the
 * filing export use the same words. Written into out (outlen bytes, cut
 * at a character boundary when too small); returns out. */
#define CERT_AWARD_MAX 512
const char *cert_award(char *out, size_t outlen, const char *occupation,
		       const char *work_type, const char *level);
/* True when work_type names one (not empty, not a placeholder). */
bool cert_has_work_type(const char *work_type);

/* A date as certificates and plaques print it: "2021年3月1日" of
 * "2021-03-01" (no leading zeros); iso itself when it is not YYYY-MM-DD
 * ("" for NULL). Written into out (at least 32 bytes); returns out. */
const char *cert_date_zh(char *out, size_t outlen, const char *iso);

#define CERT_REASON_MAX 500

/* The categories of a revocation's reason, the only part of it the public
 * sees (issue 12; the free-text reason stays for staff): "fraud" (弄虚作假),
 * "error" (信息错误), "holder_request" (本人申请), "other" (其他). NULL-
 * terminated; each labelled "cert.reason_category.<code>" in the catalog. */
extern const char *const cert_reason_categories[];
bool cert_reason_category_valid(const char *s);
/* The catalog key of a category's label; NULL for "" or an unknown one. */
const char *cert_reason_category_key(const char *s);

/* A holder's request about one of their certificates (issue 12,
 * app/request.c): kind "correction" or "reprint"; status "open",
 * "accepted" or "refused", with the staff's reason. */
struct cert_request {
	long long id, certificate_id, institution_id, person_id;
	const char *number, *holder_name; /* of the certificate */
	const char *kind, *field, *detail, *status, *reason;
	const char *created_at, *decided_by, *decided_at; /* NULL while open */
};

#endif
