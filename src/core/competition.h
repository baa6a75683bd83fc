/*
 * competition.h - skills competitions (职业技能竞赛, domain.md §6): a
 * competition's technical document (技术文件) as versioned data, and the
 * pure rules computed from it: marking an aspect (measurement, judgement),
 * a contestant's total with the theory weight, the ranking per group with
 * the tie-break order, the standardised score on the WorldSkills scale,
 * awards, titles, squad selection and promotion to a skill level.
 *
 * Nothing of a competition's rules is a constant here: the tier, groups,
 * team size, modules and their aspects, the theory weight, the tie-break
 * order, the award bands, titles, squad and promotion rules and the scale
 * come from the JSON files of competitions/ (embedded in the binary).
 * docs/competitions.md describes the format; in short:
 *
 * {
 *   "format": 1, "kind": "competition_technical_document",
 *   "code": "guosai-2023", "name": "…", "tier": "national_games",
 *   "version": "2023", "citation": "…", "confidence": "high", "source": "…",
 *   "historical": false,             (true: a record of past rules, never
 *                                     used for new certificates)
 *   "notes": "…" (optional),
 *   "groups": ["employee", "student"], "team_size": 1,
 *   "rules": {                       (every key required; each an object
 *                                     of value, confidence and source)
 *     "theory_weight": {"value": 20, …},                 (marks of 100)
 *     "modules": {"value": [{"code": "A", "name": "…", "weight": 40,
 *        "aspects": [{"code": "A1", "kind": "judgement", "max": 3},
 *                    {"code": "A2", "kind": "measurement", "max": 2},
 *                    {"code": "A3", "kind": "measurement", "max": 3,
 *                     "bands": [{"within": 0.02, "marks": 3},
 *                               {"within": 0.05, "marks": 1.5}]}]}], …},
 *     "tie_break": {"value": ["practical", "module:A", "theory", "time"], …},
 *     "awards": {"value": {"gold": {"places": 1}, "silver": {"places": 2},
 *                          "bronze": {"places": 3},
 *                          "excellence": {"percent": 50}}, …},
 *     "titles": {"value": [{"title": "national_technical_expert",
 *                           "individual": 5, "team2": 3, "team3": 2}], …},
 *     "squad": {"value": null | {"individual": 5, "team": 3}, …},
 *     "promotion": {"value": [{"groups": ["employee"], "award": "excellence",
 *                              "to": 2, "already_up": true},
 *                             {"percent": [0, 10], "up": true}], …},
 *     "scale": {"value": {"centre": 700, "points_per_sd": 20}, …}
 *   }
 * }
 *
 * Marks are whole hundredths (1 mark = 100): the modules' weights and the
 * theory weight add up to 100 marks (10000); an aspect's marks are at most
 * its max, and a module's aspects add up to its weight.
 */
#ifndef CORE_COMPETITION_H
#define CORE_COMPETITION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "core/standard.h"

#define COMP_MAX_GROUPS 5
#define COMP_MAX_TIES 8
#define COMP_MAX_TITLES 4
#define COMP_MAX_PROMOTIONS 8
#define COMP_MAX_MODULES 16
#define COMP_MAX_ASPECTS 64 /* per module */
#define COMP_MAX_BANDS 8
#define COMP_MAX_ENTRANTS 100000

/* The tiers of domain.md §6, highest first. */
enum comp_tier {
	COMP_TIER_WORLDSKILLS_SELECTION, /* 世界技能大赛选拔赛 */
	COMP_TIER_NATIONAL_GAMES,        /* 中华人民共和国职业技能大赛 */
	COMP_TIER_NATIONAL_CLASS1,       /* 国家级一类 */
	COMP_TIER_NATIONAL_CLASS2,       /* 国家级二类 (e.g. machinery industry) */
	COMP_TIER_PROVINCIAL_CLASS1,     /* 省级一类 */
	COMP_TIER_PROVINCIAL_CLASS2,     /* 省级二类 */
	COMP_TIER_CITY,                  /* 市级 */
	COMP_TIER_DISTRICT,              /* 区级 */
	COMP_TIER_COUNT
};
/* "worldskills_selection", … (the data's code); NULL out of range. The
 * catalog key is "comp.tier.<code>". */
const char *comp_tier_name(enum comp_tier t);

/* Groups: 职工组, 学生组, 教师组; 高级组 and 中级组 of the 职业资格 era. */
enum comp_group {
	COMP_GROUP_EMPLOYEE,
	COMP_GROUP_STUDENT,
	COMP_GROUP_TEACHER,
	COMP_GROUP_SENIOR,
	COMP_GROUP_INTERMEDIATE,
	COMP_GROUP_COUNT
};
const char *comp_group_name(enum comp_group g); /* "employee", … */
int comp_group_parse(const char *s);            /* -1 when unknown */

/* Awards, ordered: a higher value is a better award. */
enum comp_award {
	COMP_AWARD_NONE,
	COMP_AWARD_EXCELLENCE, /* 优胜奖 */
	COMP_AWARD_BRONZE,
	COMP_AWARD_SILVER,
	COMP_AWARD_GOLD,
	COMP_AWARD_COUNT
};
const char *comp_award_name(enum comp_award a); /* "none", "excellence", … */

enum comp_title {
	COMP_TITLE_NATIONAL_EXPERT, /* 全国技术能手 */
	COMP_TITLE_INDUSTRY_EXPERT, /* 行业技术能手 */
	COMP_TITLE_COUNT
};
const char *comp_title_name(enum comp_title t); /* "national_technical_expert", … */

enum comp_aspect_kind {
	COMP_ASPECT_FULL,      /* measurement: full marks or zero */
	COMP_ASPECT_BANDS,     /* measurement: marks by tolerance band */
	COMP_ASPECT_JUDGEMENT, /* three judges 0..3 */
};

/* A tolerance band: a deviation of at most within (absolute) earns
 * marks. */
struct comp_band {
	double within;
	int marks;
};

struct comp_aspect {
	const char *code, *name;
	enum comp_aspect_kind kind;
	int max; /* hundredths */
	const struct comp_band *bands;
	size_t nbands; /* widening tolerances, non-increasing marks */
};

struct comp_module {
	const char *code, *name;
	int weight; /* hundredths; its aspects' max add up to it */
	const struct comp_aspect *aspects;
	size_t naspects;
};

enum comp_tie_kind {
	COMP_TIE_PRACTICAL,
	COMP_TIE_THEORY,
	COMP_TIE_MODULE,
	COMP_TIE_TIME
};
struct comp_tie {
	enum comp_tie_kind kind;
	int module; /* COMP_TIE_MODULE: the module's index */
};

/* An award band's last place: places (a count), or a percent of the
 * group's entrants rounded down; 0 when the band is not given. */
struct comp_cut {
	bool percent;
	int n;
};

struct comp_title_rule {
	enum comp_title title;
	int individual, team2, team3; /* top N places; 0: not given */
};

/* A promotion rule: the first whose group and award or place band match
 * decides. */
struct comp_promotion_rule {
	unsigned groups;          /* bit per enum comp_group; 0: every group */
	enum comp_award award;    /* that award or better; NONE: by places */
	bool percent;             /* the band in percent of entrants */
	int place_from, place_to; /* by places, first and last; by percent,
				     places after from % up to to % of the
				     group's entrants (each rounded down) */
	int to;                   /* promote to level 1..5; 0: one level up */
	bool already_up;          /* "to": at that level already → one up */
	int from_none;            /* "up" without a current level: this level
					(0: none) */
};

enum comp_rule {
	CR_THEORY_WEIGHT,
	CR_MODULES,
	CR_TIE_BREAK,
	CR_AWARDS,
	CR_TITLES,
	CR_SQUAD,
	CR_PROMOTION,
	CR_SCALE,
	CR_COUNT
};
const char *comp_rule_name(enum comp_rule r); /* the JSON key */

struct comp_prov {
	enum std_confidence confidence;
	const char *source;
};

struct comp_doc {
	const char *code, *name, *version, *citation, *notes /* NULL */;
	enum comp_tier tier;
	bool historical; /* not for new certificates */
	struct comp_prov prov;
	unsigned groups; /* bit per enum comp_group */
	int team_size;   /* 1 (individual), 2 or 3 */
	int theory_weight;
	const struct comp_module *modules;
	size_t nmodules;
	struct comp_tie ties[COMP_MAX_TIES];
	size_t nties;
	struct comp_cut cut[COMP_AWARD_COUNT]; /* by enum comp_award, NONE unused */
	struct comp_title_rule titles[COMP_MAX_TITLES];
	size_t ntitles;
	bool squad; /* a squad selection (集训队) is given */
	int squad_individual, squad_team;
	struct comp_promotion_rule promotions[COMP_MAX_PROMOTIONS];
	size_t npromotions;
	int scale_centre, scale_per_sd;
	struct comp_prov rule_prov[CR_COUNT];
};

/* Parses and validates one technical document into out (strings and
 * arrays in a). Returns 0, or -1 with the path of the first thing wrong in
 * err (English, for whoever writes the data), e.g.
 * "rules.modules.value[1].aspects[0].max: …". Unknown keys, a missing
 * rule, a rule without a confidence, weights that do not add up, bands out
 * of order and unknown codes are errors. */
int comp_parse(const char *json, struct arena *a, struct comp_doc *out, char *err,
	       size_t errlen);

/* ---- marking ---- */

/* A refusal: a catalog key whose text names the aspect ({aspect}) and the
 * values ({n}, {m}). */
struct comp_refusal {
	const char *key;
	const char *aspect;
	int n, m;
};
/* Its text in lang, appended to out. */
void comp_refusal_text(int lang, const struct comp_refusal *r, struct buf *out);
/* Its text in lang, in the arena. */
const char *comp_refusal_str(struct arena *a, int lang, const struct comp_refusal *r);
/* Whether r (may be NULL) is the rule behind a refusal with message key
 * msg: then r's text, naming the aspect and marks, says it. */
bool comp_refusal_is(const struct comp_refusal *r, const char *msg);
/* The text of a refusal with message key msg: r's when comp_refusal_is(),
 * else msg's catalog text; in the arena. */
const char *comp_refusal_for(struct arena *a, int lang, const struct comp_refusal *r,
			     const char *msg);

/* A judgement aspect: three marks 0..3. Its marks are max × (sum / 9)
 * (the mean of the three on 0..3 as a share of max), rounded half up to
 * hundredths, into *out. Returns 0; -1 with r filled when a mark is out of
 * 0..3 (comp.mark.range) or the highest and lowest differ by more than 1
 * (comp.mark.spread: to be resolved before the aspect is locked), or the
 * aspect is not a judgement one (comp.mark.kind). */
int comp_mark_judgement(const struct comp_aspect *a, const int marks[3], int *out,
			struct comp_refusal *r);
/* A measurement aspect with full marks or zero: max when met, else 0. */
int comp_mark_full(const struct comp_aspect *a, bool met, int *out, struct comp_refusal *r);
/* A measurement aspect by tolerance band: the marks of the first band
 * whose tolerance holds |deviation|; 0 outside every band. */
int comp_mark_band(const struct comp_aspect *a, double deviation, int *out,
		   struct comp_refusal *r);

/* A contestant's total out of 100 marks (hundredths): the modules' marks
 * added (module_marks[i] for d->modules[i], each 0..its weight) and the
 * theory score (0..10000, out of 100) times the theory weight / 100,
 * rounded half up to hundredths. Returns 0, or -1 with r filled when a
 * mark is out of range (comp.mark.module, comp.mark.theory). */
struct comp_total {
	int practical, theory, total; /* theory: its weighted part */
};
int comp_total(const struct comp_doc *d, const int *module_marks, int theory_score,
	       struct comp_total *out, struct comp_refusal *r);

/* ---- results ---- */

/* One entrant (a contestant, or a team as one) as ranked. */
struct comp_entry {
	enum comp_group group;
	int total, practical, theory; /* hundredths, as comp_total() gives */
	const int *modules;           /* d->nmodules marks (module ties) */
	int seconds;                  /* time used (time ties): less is better */
	int place;                    /* out: 1 = first; ties share */
	int standard;                 /* out (comp_standardise) */
};

/* Ranks the entries per group: by total, then each tie-break criterion in
 * d's order (higher marks first; less time first). Entries still equal
 * share a place and the places after them are skipped (1, 2, 2, 4). Sets
 * each entry's place. O(n²) in the entries of a group. */
void comp_rank(const struct comp_doc *d, struct comp_entry *e, size_t n);

/* Standardised scores on the WorldSkills scale for one event's entries
 * (call per group when groups are separate events): scale_centre +
 * scale_per_sd × (total − median) / σ, σ the population standard deviation
 * of the totals, rounded half away from zero to a whole point; every
 * entry scale_centre when σ is 0. Sets each entry's standard; allocates
 * nothing (the median by counting, O(n²)). */
void comp_standardise(const struct comp_doc *d, struct comp_entry *e, size_t n);

/* The award for a place among entrants of its group: the best band whose
 * last place (a count, or percent × entrants / 100 rounded down) is at
 * least place. Ties on a band's boundary all get it. */
enum comp_award comp_award_for(const struct comp_doc *d, int place, int entrants);

/* The titles a place earns (bit per enum comp_title): top N for the
 * document's team size (individual, team2, team3). */
unsigned comp_titles_for(const struct comp_doc *d, int place);

/* Whether a place enters the national training squad (世赛选拔赛 集训队):
 * top squad_individual, or squad_team for a team event. */
bool comp_squad_for(const struct comp_doc *d, int place);

enum comp_promo_outcome {
	COMP_PROMO_NONE,       /* no rule matches */
	COMP_PROMO_TO,         /* promoted to the rule's level */
	COMP_PROMO_UP,         /* one level up from the current level */
	COMP_PROMO_ALREADY_UP, /* at the rule's level already: one up */
	COMP_PROMO_HELD,       /* at or above the level it gives: nothing */
	COMP_PROMO_CAPPED,     /* at level 1 (高级技师) already: nothing */
	COMP_PROMO_NO_LEVEL,   /* "up" without a current level: nothing */
	COMP_PROMO_HISTORICAL, /* the document is not for new certificates */
	COMP_PROMO_COUNT
};
const char *comp_promo_name(enum comp_promo_outcome o); /* "none", "to", … */

struct comp_promotion {
	enum comp_promo_outcome outcome;
	int level; /* the new level 1..5; 0: none */
	int rule;  /* the matching rule's index; -1: none */
};
/* The promotion for a contestant of group with award and place among
 * entrants of the group, whose current level is current (1..5; 0: none).
 * Levels count down: one up from 3 is 2; nothing goes past 1. */
struct comp_promotion comp_promote(const struct comp_doc *d, enum comp_group group,
				   enum comp_award award, int place, int entrants,
				   int current);

/* Every catalog key this module hands out, NULL-terminated. */
const char *const *comp_keys(void);

/* ---- the records of a competition (store/competition.c) ---- */

/* A competition (organiser_id 0: the center); joined: the organiser's name
 * ("" for the center) and the latest document's version, code and digest. */
struct competition {
	long long id;
	const char *name, *tier;
	int year;
	long long organiser_id;
	const char *approval_doc, *starts_on, *ends_on, *venue, *status;
	const char *created_at, *updated_at;
	const char *notice_start, *notice_end; /* the results notice; NULL before */
	const char *organiser_name;
	int doc_version;
	const char *doc_code, *doc_digest;
};
struct competition_doc_row {
	long long id, competition_id;
	int version;
	const char *code, *body /* NULL in lists */, *digest, *created_at, *created_by;
};
struct competition_event {
	long long id, competition_id, occupation_id;
	const char *grp;
	int team_size, quota_institution, quota_province, min_age, max_age;
	const char *created_at;
	const char *occupation_code, *occupation_name; /* joined */
};
/* An entry; joined: the institution's name and province. */
struct competition_entry {
	long long id, event_id, institution_id;
	const char *status, *reason, *created_at, *created_by, *decided_at, *decided_by;
	const char *institution_name, *province;
};
/* A member of an entry; joined: the person's name, masked ID, birth date,
 * employer and its credit code. */
struct competition_entrant {
	long long id, entry_id, person_id, event_id;
	int position;
	const char *entry_status, *name, *id_masked, *birth_date, *employer,
		*employer_credit_code;
};
struct competition_judge {
	long long id, event_id, person_id;
	const char *role, *override_by, *override_note, *created_at;
	const char *name, *id_masked; /* joined */
};
/* An event where a person is a judge or the chief judge, with its
 * competition (not a draft) and occupation: a judge's own list. */
struct comp_judging {
	long long judge_id, event_id, competition_id;
	const char *role, *grp, *occupation_code, *occupation_name;
	const char *name, *tier, *status, *starts_on, *ends_on;
	int year;
};

/* A mark of an entry on an aspect: a measurement (judge_id 0) as entered
 * (value: "1"/"0" met, or the deviation) and its marks in hundredths; a
 * judgement by one judge, value and marks the judge's 0..3. */
struct competition_mark {
	long long id, entry_id, judge_id, event_id /* joined */;
	const char *aspect, *value, *note, *updated_at, *updated_by;
	int marks;
};
struct competition_theory {
	long long entry_id, event_id /* joined */;
	int score; /* hundredths of 100 */
	const char *updated_at, *updated_by;
};
struct competition_lock {
	long long event_id;
	const char *module, *locked_at, *locked_by; /* module: a code or "theory" */
};
/* A correction after locking: filed by the chief judge, approved or refused
 * by the organiser. aspect "theory": the theory score (judge_id 0). */
struct competition_correction {
	long long id, event_id, entry_id, judge_id;
	const char *aspect, *value, *reason, *status, *filed_at, *filed_by, *decided_at,
		*decided_by;
};
struct competition_appeal {
	long long id, competition_id;
	const char *name, *contact, *body, *status, *resolution, *created_at,
		*resolved_at, *resolved_by;
};

/* The time an entry used (0029), whole seconds: the "time" tie-break. */
struct competition_time {
	long long entry_id, event_id /* joined */;
	int seconds;
	const char *updated_at, *updated_by;
};

#endif
