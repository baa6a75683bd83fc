/*
 * catalog.h - the occupation catalogue (职业分类大典) as the store keeps it:
 * occupations by (edition, code), their work types, and the standard
 * versions whose rules core/standard.c reads.
 */
#ifndef CORE_CATALOG_H
#define CORE_CATALOG_H

struct occupation {
	long long id;
	const char *edition, *code, *name;
	long long nstandards;   /* joined */
	const char *work_types; /* joined: names separated by "、" */
};

struct standard_row {
	long long id, occupation_id;
	const char *occupation_code, *occupation_name; /* joined */
	const char *version, *name, *citation;
	const char *effective_from, *effective_to; /* to: NULL = open */
	const char *definition;                    /* the JSON text (only from a get) */
};

#endif
