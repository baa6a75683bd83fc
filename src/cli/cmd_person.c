/* cmd_person.c - `skillcert person add|find|list|show`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

static void print(const struct person *p)
{
	printf("id: %lld\nname: %s\nid_type: %s\nid_number: %s\nsex: %s\n"
	       "birth_date: %s\neducation: %s\nemployer: %s\nwork_start: %s\n",
	       p->id, p->name, p->id_type, p->id_masked, p->sex,
	       p->birth_date ? p->birth_date : "-", p->education, p->employer,
	       p->work_start ? p->work_start : "-");
}

int cmd_person(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("person");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct person_input in;
	struct person p;
	const char *pos[2], *q = NULL, *id_stdin = NULL;
	long long id = 0;
	int npos, rc;
	char line[128];
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"name", 1, &in.name},
		{"id-type", 1, &in.id_type},
		{"id-number", 1, &in.id_number},
		{"id-number-stdin", 0, &id_stdin},
		{"sex", 1, &in.sex},
		{"birth-date", 1, &in.birth_date},
		{"education", 1, &in.education},
		{"employer", 1, &in.employer},
		{"employer-credit-code", 1, &in.employer_credit_code},
		{"work-start", 1, &in.work_start},
		{"phone", 1, &in.phone},
		{"q", 1, &q},
		{NULL, 0, NULL},
	};

	memset(&in, 0, sizeof(in));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("person", "which action: add, find, list or show?");
	if (!strcmp(pos[0], "show") && (npos != 2 || str_to_ll(pos[1], 1, 1LL << 62, &id)))
		return cli_usage_error("person", "show needs an ID");
	if (strcmp(pos[0], "show") && npos != 1)
		return cli_usage_error("person", "%s takes no argument", pos[0]);
	if (id_stdin) {
		/* keeps the number out of the shell history and process list */
		if (!fgets(line, sizeof(line), stdin))
			return cli_usage_error("person", "--id-number-stdin: nothing read");
		line[strcspn(line, "\r\n")] = '\0';
		in.id_number = line;
	}
	if (!in.id_type)
		in.id_type = "resident_id";
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = 0;
	if (!strcmp(pos[0], "add")) {
		if (app_person_create(&r.ctx, &in, &id, &err) != APP_OK) {
			rc = cli_fail("person", &err);
			if (err.status == APP_CONFLICT && id)
				printf("%lld\n", id);
		} else {
			printf("%lld\n", id);
		}
	} else if (!strcmp(pos[0], "find")) {
		if (app_person_find(&r.ctx, in.id_type, in.id_number, &p, &err) != APP_OK)
			rc = cli_fail("person", &err);
		else
			print(&p);
	} else if (!strcmp(pos[0], "show")) {
		if (app_person_get(&r.ctx, id, &p, &err) != APP_OK)
			rc = cli_fail("person", &err);
		else
			print(&p);
	} else if (!strcmp(pos[0], "list")) {
		struct person *items;
		size_t n;

		if (app_person_list(&r.ctx, q, 500, 0, &items, &n, &err) != APP_OK)
			rc = cli_fail("person", &err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			printf("%lld\t%s\t%s\t%s\t%s\n", items[i].id, items[i].id_type,
			       items[i].id_masked, items[i].sex, items[i].name);
	} else {
		rc = cli_usage_error("person", "unknown action \"%s\"", pos[0]);
	}
	memset(line, 0, sizeof(line));
	cli_run_close(&r);
	return rc;
}
