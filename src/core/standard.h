/*
 * standard.h - a national occupational skill standard (国家职业技能标准) or
 * an industry evaluation specification (评价规范) as versioned data, and the
 * eligibility rules (申报条件) evaluated against an applicant's facts
 * (domain.md §3, §4, §5).
 *
 * Pure rules, no I/O: the JSON text of a standard version is read by
 * someone else and handed to standard_parse(); nothing about levels,
 * components, durations, pass marks, staffing ratios, notice days or
 * application routes is a constant here. The only defaults the format
 * itself has are written below (pass mark 60, practical aggregate "mean").
 * Messages for people are catalog keys (core/i18n.h) with numbers beside
 * them; parse errors are English text for whoever writes the data.
 *
 * ---- The JSON format (format 1) ----
 *
 * {
 *   "format": 1,
 *   "kind": "national_standard",        (or "evaluation_spec")
 *   "occupation": {"code": "6-31-01-03", "name": "电工", "edition": "2015"},
 *   "work_types": [],                   (工种, printed as 工种/职业方向)
 *   "version": "2018",                  (the standard's own edition)
 *   "name": "国家职业技能标准 电工（2018年版）",
 *   "citation": "人社厅发〔2018〕145号",
 *   "effective_from": "2019-01-01",
 *   "effective_to": null,               (last day in force, or null)
 *   "template": "2018",                 (optional: "2018", "2023", "legacy")
 *   "confidence": "high", "source": "…", "notes": "…",
 *   "defaults": {
 *     "components": ["theory", "practical"],
 *     "min_minutes": {"theory": 90, "practical": 120, "review": 30},
 *     "pass_mark": 60,
 *     "staffing": {
 *       "proctor_per_candidates": 15, "proctors_per_room_min": 2,
 *       "assessor_per_candidates": 5, "assessors_min": 3,
 *       "assessors_odd": true, "review_panel_min": 3,
 *       "review_panel_odd": true, "practical_aggregate": "mean",
 *       "spread_threshold": 10.0,
 *       "confidence": "medium", "source": "domain.md §4.2"
 *     },
 *     "result_notice_days": 5, "result_notice_working_days": true
 *   },
 *   "levels": {
 *     "5": {"routes": [
 *       {"id": "5-1", "text": "累计从事本职业或相关职业工作1年（含）以上。",
 *        "conditions": [{"work_years": 1}]},
 *       {"id": "5-2", "text": "本职业或相关职业学徒期满。",
 *        "conditions": [{"apprenticeship": true}]}]},
 *     "4": {"min_minutes": {"practical": 150}, "routes": [
 *       {"id": "4-1", "key": "route.t2018.4.1",
 *        "text": "取得本职业或相关职业五级/初级工证书后，累计从事本职业或相关职业工作4年（含）以上。",
 *        "conditions": [{"cert_level": 5, "years_since_cert": 4,
 *                        "related_occupation": true}]}, …]},
 *     "2": {"components": ["theory", "practical", "review"], "routes": […]},
 *     …
 *   }
 * }
 *
 * Rules of the format (standard_parse() enforces every one and names the
 * path of the first thing wrong, e.g.
 * `levels.4.routes[1].conditions[0]: unknown condition "cert_lvl"`):
 *
 * - Unknown keys and wrong types are errors, everywhere; duplicate keys too.
 * - Required: format (1), kind, occupation.{code (D-DD-DD-DD), name,
 *   edition ("1999", "2015" or "2022")}, version, name, citation,
 *   effective_from (YYYY-MM-DD), levels (1..5 of "1".."5"). Optional:
 *   work_types (distinct non-empty strings), effective_to (null or a date
 *   not before effective_from), template, notes, defaults.
 * - A level's settings are "components", "min_minutes", "pass_mark",
 *   "staffing", "result_notice_days", "result_notice_working_days". Each may
 *   be given in "defaults" and/or in the level; the level wins, and the
 *   objects (min_minutes, pass_mark as object, staffing) merge key by key.
 *   After merging, every level offered must have: components (distinct, of
 *   "theory", "practical", "review"; "review" only at levels 2 and 1),
 *   min_minutes for each of its components (1..1440), every staffing key
 *   but practical_aggregate, and result_notice_days (1..90). A level may
 *   not give min_minutes or pass_mark for a component it does not assess.
 * - pass_mark: a number 0..100 with at most one decimal, or an object of
 *   such numbers per component. Default 60 for every component.
 * - staffing: proctor_per_candidates, assessor_per_candidates (1..100; the
 *   ratio 1:N), proctors_per_room_min, assessors_min, review_panel_min
 *   (1..50), assessors_odd, review_panel_odd (booleans),
 *   practical_aggregate ("mean", default, or "median"), spread_threshold
 *   (0..100 points, at most one decimal: a spread between assessors
 *   strictly above it needs a moderation note).
 * - "confidence" ("low", "medium", "high") and "source" (text) may be put
 *   on the root, occupation, defaults, a level, a staffing, min_minutes or
 *   pass_mark object, and a route: they say how sure the data is, as
 *   domain.md does. They change no rule.
 * - A level has "routes": 1..STD_MAX_ROUTES alternatives (any one
 *   suffices), each {"id" (unique in the level, 1..16 characters of
 *   [0-9A-Za-z._-]), "text" (the standard's wording), "key" (optional
 *   catalog key), "conditions" (1..STD_MAX_CONDITIONS, all must hold),
 *   "confidence", "source"}.
 *
 * Conditions: one object per condition, named by its primary key, with
 * the modifiers listed beside it and nothing else.
 *
 *   {"cert_level": L}           a 职业资格/职业技能等级 certificate at level L
 *                               or higher (number <= L)
 *       "years_since_cert": N   with >= N full years of work since it
 *       "related_occupation": b a related occupation's certificate counts
 *                               too (default false: this occupation only)
 *   {"pre_technician_cert": true}  a 预备技师 certificate (技师学院)
 *       "years_since_cert", "related_occupation" as above
 *   {"work_years": N}           >= N full years of cumulative work in this
 *                               or a related occupation
 *   {"diploma": "t" | ["t", …]} a diploma of one of these types (see
 *                               enum diploma_type for the names)
 *       "specialty_related": b  its specialty is this one or a related one
 *       "final_year_student": b an in-school final-year student counts
 *                               (含尚未取得毕业证书的在校应届毕业生)
 *       "program_level": L      its program or class was assessed as
 *                               training to level L or higher (经评估论证、
 *                               以中级技能为培养目标 = 4; 高级工班 = 3;
 *                               预备技师班 = 2)
 *   {"age_min": N}              at least N full years of age
 *   {"title": "junior" | "intermediate" | "senior"}  a professional title
 *                               (职称) of that rank or higher
 *       "years_since_title": N  with >= N full years of work since it
 *       "title_related": b      the title matches the specialty (符合专业
 *                               对应关系)
 *   {"apprenticeship": true}    an apprenticeship completed (学徒期满)
 *   {"training_hours": N}       >= N hours of completed training in this
 *                               occupation (经本职业正规培训达规定标准学时数)
 *
 * ---- Counting years ----
 *
 * Years are full years between two dates: 2020-06-01 gives 4 full years on
 * 2024-06-01, not on 2024-05-31; a 02-29 start has its anniversary on
 * 02-28 in common years (date_add_years(), core/registry.h). "Years of
 * work since" a certificate or title count from its date, or from the work
 * start date when that is later, and never exceed the applicant's declared
 * cumulative years when those are given. Cumulative work is the declared
 * count when given, else the full years since the work start date, else 0.
 */
#ifndef CORE_STANDARD_H
#define CORE_STANDARD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "core/institution.h" /* struct rule_error */

#define STD_MAX_ROUTES 16
#define STD_MAX_CONDITIONS 8
#define STD_MAX_WORK_TYPES 32
#define STD_PASS_MARK_DEFAULT 600 /* tenths: the format's default, 60 */

/* ---- vocabularies (code names are the JSON spellings) ---- */

enum std_component { STD_THEORY, STD_PRACTICAL, STD_REVIEW, STD_COMPONENT_COUNT };
const char *std_component_name(enum std_component c); /* NULL out of range */
int std_component_parse(const char *s);               /* -1 when unknown */

enum std_confidence { STD_CONF_NONE, STD_CONF_LOW, STD_CONF_MEDIUM, STD_CONF_HIGH };
const char *std_confidence_name(enum std_confidence c); /* "" for NONE */

enum std_aggregate { STD_AGG_MEAN, STD_AGG_MEDIAN };
const char *std_aggregate_name(enum std_aggregate a);

enum diploma_type {
	DIP_JUNIOR_MIDDLE,           /* 初中 */
	DIP_SENIOR_MIDDLE,           /* 普通高中 */
	DIP_SECONDARY_VOCATIONAL,    /* 中等职业学校（中专、职高） */
	DIP_TECHNICAL_SCHOOL,        /* 技工学校 */
	DIP_SENIOR_TECHNICAL_SCHOOL, /* 高级技工学校 */
	DIP_TECHNICIAN_COLLEGE,      /* 技师学院 */
	DIP_HIGHER_VOCATIONAL,       /* 高等职业学校（高职专科） */
	DIP_COLLEGE,                 /* 普通高等学校专科（大专） */
	DIP_VOCATIONAL_BACHELOR,     /* 职业本科 */
	DIP_BACHELOR,                /* 本科 */
	DIP_MASTER,                  /* 硕士研究生 */
	DIP_DOCTOR,                  /* 博士研究生 */
	DIP_TYPE_COUNT
};
/* "junior_middle", "senior_middle", "secondary_vocational",
 * "technical_school", "senior_technical_school", "technician_college",
 * "higher_vocational", "college", "vocational_bachelor", "bachelor",
 * "master", "doctor". */
const char *diploma_type_name(enum diploma_type t);
int diploma_type_parse(const char *s);
const char *const *diploma_type_names(void); /* NULL-terminated */

/* Professional title ranks; a higher number is a higher rank (the
 * opposite of skill levels). */
enum title_level { TITLE_NONE, TITLE_JUNIOR, TITLE_INTERMEDIATE, TITLE_SENIOR };
const char *title_level_name(enum title_level t); /* "junior" … ; NULL */
int title_level_parse(const char *s);             /* 1..3, -1 when unknown */

enum cert_kind {
	CERT_SKILL,          /* 职业资格证书 or 职业技能等级证书 */
	CERT_PRE_TECHNICIAN, /* 预备技师证书 */
};

/* ---- the parsed standard; everything lives in the parse arena ---- */

struct std_provenance {
	enum std_confidence confidence; /* NONE when not given */
	const char *source;             /* NULL when not given */
};

struct std_staffing {
	int proctor_per_candidates; /* ≥ 1 proctor per N theory candidates */
	int proctors_per_room_min;
	int assessor_per_candidates; /* ≥ 1 assessor per N practical candidates */
	int assessors_min;
	bool assessors_odd;
	int review_panel_min;
	bool review_panel_odd;
	enum std_aggregate practical_aggregate;
	int spread_threshold; /* tenths of a point */
	struct std_provenance prov;
};

enum std_cond_kind {
	STD_COND_CERT,
	STD_COND_PRE_TECHNICIAN,
	STD_COND_WORK_YEARS,
	STD_COND_DIPLOMA,
	STD_COND_AGE,
	STD_COND_TITLE,
	STD_COND_APPRENTICESHIP,
	STD_COND_TRAINING_HOURS,
};

struct std_condition {
	enum std_cond_kind kind;
	int level;                /* CERT: certificate level 1..5 */
	int years;                /* CERT, PRE_TECHNICIAN: years since (0 = any);
				    WORK_YEARS: cumulative; AGE: minimum age;
				    TITLE: years since the title (0 = any) */
	bool related_occupation;  /* CERT, PRE_TECHNICIAN */
	unsigned diplomas;        /* DIPLOMA: bit n = enum diploma_type n */
	const char *diploma_list; /* DIPLOMA: "technical_school,…" */
	bool specialty_related;   /* DIPLOMA */
	bool final_year_student;  /* DIPLOMA */
	int program_level;        /* DIPLOMA: 0 = not required */
	enum title_level title;   /* TITLE */
	bool title_related;       /* TITLE */
	int hours;                /* TRAINING_HOURS: the hours required */
};

struct std_route {
	const char *id, *text, *key; /* key NULL when not given */
	const struct std_condition *conditions;
	size_t nconditions;
	struct std_provenance prov;
};

struct std_level {
	int level;                            /* 1..5 */
	unsigned components;                  /* bit n = enum std_component n */
	int min_minutes[STD_COMPONENT_COUNT]; /* 0 where not assessed */
	int pass_mark[STD_COMPONENT_COUNT];   /* tenths */
	struct std_staffing staffing;
	int result_notice_days;
	bool result_notice_working_days;
	const struct std_route *routes;
	size_t nroutes;
	struct std_provenance prov, minutes_prov, pass_prov;
};

struct standard {
	int format;
	const char *kind; /* "national_standard", "evaluation_spec" */
	const char *occupation_code, *occupation_name, *edition;
	struct std_provenance occupation_prov;
	const char *const *work_types;
	size_t nwork_types;
	const char *version, *name, *citation, *template_name, *notes;
	const char *effective_from, *effective_to; /* to: NULL = open */
	struct std_provenance prov;
	unsigned levels;           /* bit n = level n offered */
	struct std_level level[6]; /* [1..5]; valid where offered */
};

enum standard_err {
	STANDARD_OK = 0,
	STANDARD_ESYNTAX,  /* not JSON */
	STANDARD_EINVALID, /* JSON, but not a valid standard */
	STANDARD_ENOMEM,
};

/*
 * Parses and validates the JSON text of one standard version into *out.
 * Every string and array is copied into arena a (the JSON tree is freed
 * before returning); *out stays valid as long as the arena. On failure
 * returns the error and writes one line into err ("path: what is wrong",
 * or "line L, column C: …" for bad JSON); *out is then unspecified.
 */
int standard_parse(const char *json, struct arena *a, struct standard *out, char *err,
		   size_t errlen);

/* Whether the standard has level (1..5). */
bool standard_offers(const struct standard *s, int level);
/* The level's data, or NULL when it is not offered. */
const struct std_level *standard_level(const struct standard *s, int level);
/* Whether the version is in force on date (YYYY-MM-DD): effective_from ≤
 * date ≤ effective_to (open-ended when effective_to is NULL). */
bool standard_in_force(const struct standard *s, const char *date);
/* Whether level assesses component c. */
bool std_level_has(const struct std_level *l, enum std_component c);
/* The route with id in level l, or NULL. */
const struct std_route *std_level_route(const struct std_level *l, const char *id);

/* ---- eligibility (申报条件) ---- */

struct applicant_diploma {
	enum diploma_type type;
	bool specialty_related;   /* this specialty or a related one */
	const char *graduated_on; /* YYYY-MM-DD; NULL for a final-year student */
	bool final_year;          /* in school, final year, not graduated */
	int program_level;        /* 0 = not assessed; else 1..5 */
};

struct applicant_cert {
	enum cert_kind kind;
	const char *occupation_code; /* code of the edition the standard uses:
					app/ maps older editions' codes first */
	bool related;                /* of an occupation related to this one */
	int level;                   /* 1..5 (ignored for PRE_TECHNICIAN) */
	const char *issued_on;       /* YYYY-MM-DD */
};

struct applicant_title {
	enum title_level level;
	const char *granted_on; /* YYYY-MM-DD */
	bool related;           /* matches the specialty (符合专业对应关系) */
};

/* The facts an applicant gives. Arrays and strings are the caller's. */
struct applicant {
	const char *birth_date;   /* NULL = not known */
	const char *work_start;   /* NULL = not known */
	bool work_years_declared; /* work_years below is given */
	int work_years;           /* cumulative full years, 0..80 */
	bool apprenticeship_completed;
	int training_hours; /* hours of completed training, this occupation */
	const struct applicant_diploma *diplomas;
	size_t ndiplomas;
	const struct applicant_cert *certs;
	size_t ncerts;
	const struct applicant_title *titles;
	size_t ntitles;
};

/*
 * How one route went: passed, or its first failing condition. The keys
 * and the numbers that go with them (skill levels 1..5, title ranks 1..3,
 * years in full years):
 *
 *   elig.cert.none             level = required = the level needed
 *   elig.cert.level            level = required = needed, actual = the
 *                              best held (a larger number, lower level)
 *   elig.cert.other_occupation level = required = needed: only another
 *                              occupation's certificate, not accepted here
 *   elig.cert.years            level = cert level, required / actual years
 *   elig.pre_technician.none   —
 *   elig.pre_technician.years  required / actual years
 *   elig.work.years            required / actual cumulative years
 *   elig.diploma.none          detail = the accepted types
 *   elig.diploma.specialty     detail: right type, unrelated specialty
 *   elig.diploma.program       level = required = program level needed,
 *                              actual = best assessed level (0 = none)
 *   elig.diploma.final_year    detail: a final-year student, not accepted
 *   elig.age.unknown           required = minimum age (no birth date)
 *   elig.age.min               required / actual age
 *   elig.title.none            level = required = title rank needed
 *   elig.title.level           level = required = rank needed, actual =
 *                              the best held
 *   elig.title.related         level = required: a title, not matching
 *   elig.title.years           level = rank, required / actual years
 *   elig.apprenticeship.none   —
 *   elig.training_hours.short  required / actual hours
 */
struct elig_route_result {
	const struct std_route *route;
	bool passed;
	int condition;   /* index of the first failing condition; -1 passed */
	const char *key; /* catalog key of the failure; NULL when passed */
	int level;       /* the level the failure concerns (see the keys) */
	int required, actual;
	const char *detail; /* DIPLOMA: the accepted types; else NULL */
};

struct eligibility_result {
	bool eligible;
	const struct std_route *route; /* the first route that passed */
	const char *route_id;          /* its id; NULL when none passed */
	const char *refusal;           /* a key when no route could be evaluated
				 ("elig.level_not_offered") */
	int level;                     /* the level asked for */
	size_t nroutes;                /* every route of the level, in order */
	struct elig_route_result routes[STD_MAX_ROUTES];
	struct rule_error error; /* when -1 is returned: the bad fact */
	int error_index;         /* its index in diplomas/certs/titles, or -1 */
};

/*
 * Evaluates every route of `level` for the applicant on `today`
 * (YYYY-MM-DD) and fills *out. Returns 0 when evaluated — eligible or not:
 * out->eligible, out->route_id (the first route that passed), and for each
 * route whether it passed or the first condition that failed with a key
 * and its numbers; out->refusal = "elig.level_not_offered" when the
 * standard has no such level. Returns -1 when today or a fact is malformed
 * (a bad or future date, a level out of range, a final-year student with a
 * graduation date, …): out->error has the field and a catalog key and
 * out->error_index the array index. Allocates nothing.
 */
int eligibility_check(const struct standard *s, int level, const struct applicant *a,
		      const char *today, struct eligibility_result *out);

/* Full years from `from` to `to` (both YYYY-MM-DD); negative when from is
 * after to, INT_MIN when either date is invalid. */
int std_full_years(const char *from, const char *to);

/* Every key eligibility_check() can hand out, NULL-terminated, so the
 * catalog test can see they are all translated. */
const char *const *eligibility_keys(void);

#endif
