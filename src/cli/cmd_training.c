/* cmd_training.c - `skillcert training …`: training and online courses
 * (社会培训 / 云端课堂, app/training.c): courses, lessons, sessions,
 * enrolments, attendance and completion, run as the operator unless --as
 * names an account. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/str.h"
#include "cli/cli.h"

static json_t *course_json(const struct training_course *x)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:I, s:I, s:I}",
			 "id", (json_int_t)x->id, "institution_id",
			 (json_int_t)x->institution_id, "institution_name",
			 x->institution_name, "title", x->title, "occupation_code",
			 x->occupation_code, "target_level", x->target_level, "mode",
			 x->mode, "hours", x->hours, "status", x->status, "lessons",
			 (json_int_t)x->lessons, "enrolled", (json_int_t)x->enrolled,
			 "completed", (json_int_t)x->completed);
}

static int show(struct cli_run *r, long long id)
{
	struct training_course_detail d;
	struct app_error err;
	json_t *o, *a;

	if (app_training_course(&r->ctx, id, &d, &err))
		return cli_fail("training", &err);
	o = course_json(&d.course);
	a = json_array();
	for (size_t i = 0; i < d.nlessons; i++)
		json_array_append_new(a, json_pack("{s:I, s:i, s:s, s:s, s:i}", "id",
						   (json_int_t)d.lessons[i].id,
						   "position", d.lessons[i].position,
						   "title", d.lessons[i].title, "kind",
						   d.lessons[i].kind, "hours",
						   d.lessons[i].hours));
	json_object_set_new(o, "lesson_list", a);
	a = json_array();
	for (size_t i = 0; i < d.nsessions; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:i}", "id",
						   (json_int_t)d.sessions[i].id,
						   "starts_at", d.sessions[i].starts_at,
						   "ends_at", d.sessions[i].ends_at,
						   "room", d.sessions[i].room, "hours",
						   d.sessions[i].hours));
	json_object_set_new(o, "session_list", a);
	a = json_array();
	for (size_t i = 0; i < d.nenrolments; i++)
		json_array_append_new(
			a, json_pack("{s:I, s:I, s:s, s:s, s:i, s:s?}", "id",
				     (json_int_t)d.enrolments[i].id, "person_id",
				     (json_int_t)d.enrolments[i].person_id, "name",
				     d.enrolments[i].person_name, "status",
				     d.enrolments[i].status, "hours_done",
				     d.enrolments[i].hours_done, "completed_on",
				     d.enrolments[i].completed_on));
	json_object_set_new(o, "enrolments", a);
	return cli_print_json(o);
}

static long long num(const char *s)
{
	long long v = 0;

	return s && !str_to_ll(s, 1, 1LL << 62, &v) ? v : 0;
}

int cmd_training(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("training");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[3], *institution = NULL, *title = NULL, *occupation = NULL,
			    *level = NULL, *mode = NULL, *hours = NULL,
			    *description = NULL, *kind = NULL, *url = NULL, *file = NULL,
			    *starts = NULL, *ends = NULL, *room = NULL, *person = NULL,
			    *session = NULL, *absent = NULL, *as = NULL;
	struct actor as_actor;
	long long id = 0, out_id = 0, h = 0, lv = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"institution", 1, &institution},
		{"title", 1, &title},
		{"occupation", 1, &occupation},
		{"level", 1, &level},
		{"mode", 1, &mode},
		{"hours", 1, &hours},
		{"description", 1, &description},
		{"kind", 1, &kind},
		{"url", 1, &url},
		{"file", 1, &file},
		{"starts", 1, &starts},
		{"ends", 1, &ends},
		{"room", 1, &room},
		{"person", 1, &person},
		{"session", 1, &session},
		{"absent", 0, &absent},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 3, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("training", "which action? (see --help)");
	if (strcmp(pos[0], "list") && strcmp(pos[0], "create") &&
	    (npos != 2 || !(id = num(pos[1]))))
		return cli_usage_error("training", "%s needs an id", pos[0]);
	if ((hours && str_to_ll(hours, 0, 100000, &h)) ||
	    (level && str_to_ll(level, 0, 5, &lv)))
		return cli_usage_error("training", "a number is not a number");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "training", as, &as_actor))
		return 1;
	rc = 0;
	if (!strcmp(pos[0], "list")) {
		struct training_course *items;
		size_t n;

		if (app_training_courses(&r.ctx, num(institution), &items, &n, &err))
			rc = cli_fail("training", &err);
		for (size_t i = 0; !rc && i < n; i++)
			printf("%lld\t%s\t%s\t%s\t%d\t%s\n", items[i].id, items[i].status,
			       items[i].mode, items[i].occupation_code, items[i].hours,
			       items[i].title);
	} else if (!strcmp(pos[0], "create")) {
		struct training_course_input in;

		memset(&in, 0, sizeof(in));
		in.institution_id = num(institution);
		in.title = title;
		in.occupation_code = occupation;
		in.target_level = (int)lv;
		in.mode = mode ? mode : "online";
		in.hours = (int)h;
		in.description = description;
		if (app_training_course_create(&r.ctx, &in, &out_id, &err))
			rc = cli_fail("training", &err);
		else
			printf("%lld\n", out_id);
	} else if (!strcmp(pos[0], "show")) {
		rc = show(&r, id);
	} else if (!strcmp(pos[0], "open") || !strcmp(pos[0], "close")) {
		if (app_training_course_status(
			    &r.ctx, id, !strcmp(pos[0], "open") ? "open" : "closed", &err))
			rc = cli_fail("training", &err);
	} else if (!strcmp(pos[0], "lesson")) {
		struct training_lesson_input in;
		size_t len = 0;

		memset(&in, 0, sizeof(in));
		in.title = title;
		in.kind = kind ? kind : file ? "document" : "video";
		in.url = url;
		in.hours = (int)h;
		if (file) {
			const char *slash = strrchr(file, '/');

			in.filename = slash ? slash + 1 : file;
			in.data = cli_slurp(&r.arena, file, TRAINING_DOC_BYTES + 1, &len);
			in.len = len;
			if (!in.data) {
				fprintf(stderr, "skillcert training: cannot read %s\n",
					file);
				rc = 1;
			}
		}
		if (!rc && app_training_lesson_add(&r.ctx, id, &in, &out_id, &err))
			rc = cli_fail("training", &err);
		else if (!rc)
			printf("%lld\n", out_id);
	} else if (!strcmp(pos[0], "session")) {
		struct training_session s;

		memset(&s, 0, sizeof(s));
		s.starts_at = starts;
		s.ends_at = ends;
		s.room = room;
		s.hours = (int)h;
		if (app_training_session_add(&r.ctx, id, &s, &out_id, &err))
			rc = cli_fail("training", &err);
		else
			printf("%lld\n", out_id);
	} else if (!strcmp(pos[0], "enrol")) {
		if (app_training_enrol(&r.ctx, id, num(person), &out_id, &err))
			rc = cli_fail("training", &err);
		else
			printf("%lld\n", out_id);
	} else if (!strcmp(pos[0], "attend")) {
		int done = 0;

		if (app_training_attendance(&r.ctx, id, num(session), !absent, &done, &err))
			rc = cli_fail("training", &err);
		else
			printf("hours done: %d\n", done);
	} else if (!strcmp(pos[0], "complete")) {
		if (app_training_complete(&r.ctx, id, &err))
			rc = cli_fail("training", &err);
	} else if (!strcmp(pos[0], "certify")) {
		const char *number = NULL;

		if (app_training_certify(&r.ctx, id, &out_id, &number, &err))
			rc = cli_fail("training", &err);
		else
			printf("%lld\t%s\n", out_id, number);
	} else if (!strcmp(pos[0], "withdraw")) {
		if (app_training_withdraw(&r.ctx, id, &err))
			rc = cli_fail("training", &err);
	} else {
		rc = cli_usage_error("training", "unknown action %s", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
