/*
 * statistics.h - the network's figures (issue 16): the measures counted,
 * the dimensions they are broken down by, and the arithmetic on them.
 * Pure; store/statistics.c keeps the summary table (stat_cell, one row per
 * year x institution x occupation x level, every measure a column) and
 * app/statistics.c refreshes and reads it. Every measure is defined in
 * docs/statistics.md; its code is the column's name and the catalog key's
 * tail ("stats.measure.<code>").
 */
#ifndef CORE_STATISTICS_H
#define CORE_STATISTICS_H

#include <stdbool.h>
#include <stddef.h>

/* The measures, in the order tables and exports show them. The year of a
 * plan's measures is its first exam date's (as core/figures.h), of a
 * certificate its issue date's, of a competition its year, of an honour
 * its campaign's year, of an apprentice the class's start, of a trainee
 * the enrolment's. */
enum stat_measure {
	STAT_PLANS,         /* plans held (not drafts) */
	STAT_ENROLLED,      /* enrolments (not withdrawn before the exam) */
	STAT_ASSESSED,      /* candidates with a result other than absent/withdrawn */
	STAT_PASSED,        /* results 'pass' */
	STAT_THEORY_SAT,    /* submitted theory components with a score */
	STAT_THEORY_PASSED, /* ... at or above the pass mark */
	STAT_PRACTICAL_SAT, /* likewise the practical */
	STAT_PRACTICAL_PASSED,
	STAT_REVIEW_SAT, /* likewise the comprehensive review */
	STAT_REVIEW_PASSED,
	STAT_CERTIFICATES,  /* skill/industry certificates issued (not successors) */
	STAT_FILED_ON_TIME, /* of those: filed within FIGURES_ON_TIME_DAYS */
	STAT_FILED_LATE,    /* filed, later */
	STAT_UNFILED,       /* not (yet) filed */
	STAT_REVOKED,       /* of those: revoked now */
	STAT_CORRECTIONS,   /* score corrections approved */
	STAT_APPEALS,       /* appeals filed */
	STAT_COMPETITION_ENTRANTS, /* contestants entered (competitions of the year) */
	STAT_COMPETITION_AWARDS,   /* award certificates issued */
	STAT_HONOURS,              /* commendation honours conferred */
	STAT_APPRENTICES,          /* apprentices whose class started that year */
	STAT_APPRENTICES_COMPLETED,
	STAT_TRAINEES, /* training enrolments */
	STAT_TRAINEES_COMPLETED,
	STAT_MEASURES
};

/* What a table is broken down by (its rows). */
enum stat_dim {
	STAT_BY_NONE, /* one row: the total */
	STAT_BY_YEAR,
	STAT_BY_PROVINCE, /* the institution's province code */
	STAT_BY_BRANCH,   /* the branch center above the institution (0 = none) */
	STAT_BY_INSTITUTION,
	STAT_BY_OCCUPATION, /* occupation code ("" = not per occupation) */
	STAT_BY_LEVEL,      /* 1..5 (0 = not per level) */
	STAT_DIMS
};

/* Which figures: every field optional (0 / NULL / "" = all). */
struct stat_filter {
	int year;               /* one year */
	int year_from, year_to; /* a range, both inclusive (year wins when set) */
	const char *province;
	long long branch_id;      /* the institutions under that branch center */
	long long institution_id; /* that institution and those under it */
	const char *occupation;
	int level;
};

/* One row of a table: the dimension's key ("2025", "11", an id, a code),
 * its label in the reader's language (filled by app/), every measure. */
struct stat_row {
	const char *key, *label;
	long long v[STAT_MEASURES];
};

struct stat_table {
	enum stat_dim by;
	struct stat_row *rows; /* ordered by key (years, codes, levels) or label */
	size_t nrows;
	struct stat_row total; /* over every row (key "", label the catalog's "total") */
	const char *refreshed_at; /* the oldest refresh of the years read; NULL = never */
};

/* One cell of the summary table (stat_cell): the measures of one year,
 * institution, occupation ("" = none) and level (0 = none). */
struct stat_cell {
	int year;
	long long institution_id;
	const char *occupation; /* never NULL */
	int level;
	long long v[STAT_MEASURES];
};

/* Sorts cells by (year, institution, occupation, level) and adds up the
 * measures of equal keys into one cell (each source of a refresh gives its
 * own rows); returns the number of cells left at the front of the array. */
size_t stat_cells_merge(struct stat_cell *cells, size_t n);

/* The measure's code ("theory_passed"), NULL when out of range. */
const char *stat_measure_code(enum stat_measure m);
/* The measure of a code, -1 when none. */
int stat_measure_parse(const char *code);
/* The dimension's code ("province"), NULL when out of range; and back. */
const char *stat_dim_code(enum stat_dim d);
int stat_dim_parse(const char *code);
/* A pass rate: part of whole in hundredths of a percent (figures_rate). */
int stat_rate(long long part, long long whole);

#endif
