/*
 * cmd_institution.c - `skillcert institution ACTION ...`: the registry from
 * the command line. Every action calls one app/ function as the system.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

/* Every option any action takes; each action reads what it needs. */
struct iopts {
	const char *name, *type, *province, *parent, *credit, *override;
	const char *kind, *address, *host, *cname, *cphone, *cemail;
	const char *reason, *doc, *q, *status, *occupation, *json;
	const char *action, *code, *occ_name, *work_type, *levels, *remove;
	const char *authority, *filing_no, *filing_date, *inst_code, *prov_code;
	const char *site_code, *year, *date, *outcome, *notes, *out, *dry_run;
	const char *format;
};

static long long need_id(const char *s, const char *what)
{
	long long id;

	if (!s || str_to_ll(s, 1, 1LL << 62, &id)) {
		cli_usage_error("institution", "%s must be a number", what);
		return 0;
	}
	return id;
}

static struct institution_input input_of(const struct iopts *o)
{
	struct institution_input in = {
		.name = o->name,
		.type = o->type,
		.province = o->province,
		.credit_code = o->credit,
		.credit_code_override = o->override,
		.branch_kind = o->kind,
		.address = o->address,
		.host_org = o->host,
		.contact_name = o->cname,
		.contact_phone = o->cphone,
		.contact_email = o->cemail,
	};

	return in;
}

static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f) {
		perror(path);
		return 1;
	}
	ok = fwrite(b->data, 1, b->len, f) == b->len;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		perror(path);
		return 1;
	}
	return 0;
}

static int do_list(struct app_ctx *ctx, const struct iopts *o)
{
	struct institution_filter f = {.q = o->q,
				       .type = o->type,
				       .province = o->province,
				       .status = o->status,
				       .occupation = o->occupation,
				       .limit = 500};
	struct institution *items;
	struct app_error err;
	size_t n;
	long long total;

	if (app_institution_list(ctx, &f, &items, &n, &total, &err) != APP_OK)
		return cli_fail("institution", &err);
	if (o->json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr,
				json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "id",
					  (json_int_t)items[i].id, "name", items[i].name,
					  "type", items[i].type, "province",
					  items[i].province, "status", items[i].status,
					  "registration_no", items[i].registration_no));
		return cli_print_json(arr);
	}
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%s\t%s\n", items[i].id, items[i].type,
		       items[i].province, items[i].status,
		       items[i].registration_no ? items[i].registration_no : "-",
		       items[i].name);
	return 0;
}

static int do_show(struct app_ctx *ctx, long long id)
{
	struct institution_detail d;
	struct app_error err;
	const struct institution *in = &d.inst;

	if (app_institution_detail(ctx, id, &d, &err) != APP_OK)
		return cli_fail("institution", &err);
	printf("id: %lld\nname: %s\ntype: %s%s%s\nprovince: %s\nstatus: %s\n"
	       "registration_no: %s\nregistered_on: %s\nvalid_until: %s\n"
	       "approval_doc: %s\nparent: %s\ncredit_code: %s\naddress: %s\n"
	       "host_org: %s\ncontact: %s %s %s\n",
	       in->id, in->name, in->type, *in->branch_kind ? "/" : "", in->branch_kind,
	       in->province, reg_status_name(d.effective),
	       in->registration_no ? in->registration_no : "-",
	       in->registered_on ? in->registered_on : "-",
	       in->valid_until ? in->valid_until : "-", in->approval_doc,
	       d.parent_name ? d.parent_name : "-", in->credit_code, in->address,
	       in->host_org, in->contact_name ? in->contact_name : "",
	       in->contact_phone ? in->contact_phone : "",
	       in->contact_email ? in->contact_email : "");
	for (size_t i = 0; i < d.nnames; i++)
		printf("identity: %s\t%s\t%s\t%s\t%s\t%s\n", d.names[i].valid_from,
		       d.names[i].valid_to ? d.names[i].valid_to : "-", d.names[i].name,
		       d.names[i].type, d.names[i].reason, d.names[i].doc_no);
	for (size_t i = 0; i < d.nchanges; i++)
		printf("status_change: %s\t%s -> %s\t%s\t%s\n", d.changes[i].at,
		       d.changes[i].from_status, d.changes[i].to_status,
		       d.changes[i].reason, d.changes[i].doc_no);
	for (size_t i = 0; i < d.nscope; i++) {
		char lv[16];

		levels_format(d.scope[i].levels, lv);
		printf("scope: %lld\t%s\t%s\t%s\t%s\t%s\n", d.scope[i].id,
		       d.scope[i].occupation_code, d.scope[i].occupation_name,
		       d.scope[i].work_type, lv, d.scope[i].doc_no);
	}
	for (size_t i = 0; i < d.nfilings; i++)
		printf("filing: %s\t%s\t%s\t%s\t%s\t%s\n", d.filings[i].filing_date,
		       d.filings[i].authority, d.filings[i].filing_no,
		       d.filings[i].institution_code, d.filings[i].province_code,
		       d.filings[i].site_code);
	for (size_t i = 0; i < d.nregs; i++)
		printf("registration: %lld\t%s\t%s\tbatch %lld\t%s\n", d.regs[i].id,
		       d.regs[i].kind, d.regs[i].status, d.regs[i].batch_id,
		       d.regs[i].applied_at);
	for (size_t i = 0; i < d.ninspections; i++)
		printf("inspection: %lld\t%d\t%s\t%s\t%s\n", d.inspections[i].id,
		       d.inspections[i].year, d.inspections[i].inspected_on,
		       d.inspections[i].outcome, d.inspections[i].notes);
	for (size_t i = 0; i < d.nfindings; i++)
		printf("finding: %lld\t%s\t%s\t%s\n", d.findings[i].id,
		       d.findings[i].deadline, d.findings[i].status,
		       d.findings[i].description);
	return 0;
}

static void print_report(const struct import_report *r, int dry_run)
{
	enum lang lang = lang_choose(getenv("SKILLCERT_LANG"), NULL, NULL);

	for (size_t i = 0; i < r->nproblems; i++)
		fprintf(stderr, "row %zu%s%s: %s\n", r->problems[i].line,
			r->problems[i].column ? ", column " : "",
			r->problems[i].column ? r->problems[i].column : "",
			tr(lang, r->problems[i].msg));
	printf("%s%zu rows: %zu new, %zu updated, %zu unchanged, %zu with "
	       "problems\n",
	       dry_run ? "dry run: " : "", r->rows, r->created, r->updated, r->unchanged,
	       r->nproblems);
}

static int run(struct app_ctx *ctx, const char *act, const char *arg, const struct iopts *o)
{
	struct app_error err;
	long long id = 0, out_id;
	int rc = APP_OK;

	if (!strcmp(act, "list"))
		return do_list(ctx, o);
	if (!strcmp(act, "add")) {
		struct institution_input in = input_of(o);

		if (o->parent && !(in.parent_id = need_id(o->parent, "--parent")))
			return 2;
		if (app_institution_create(ctx, &in, &out_id, &err) != APP_OK)
			return cli_fail("institution", &err);
		printf("%lld\n", out_id);
		return 0;
	}
	if (!strcmp(act, "import")) {
		struct import_report rep;

		if (app_institution_import(ctx, NULL, 0, arg, o->dry_run != NULL, &rep,
					   &err) != APP_OK) {
			if (err.status == APP_INVALID && rep.nproblems) {
				print_report(&rep, o->dry_run != NULL);
				return 1;
			}
			return cli_fail("institution", &err);
		}
		print_report(&rep, o->dry_run != NULL);
		return rep.nproblems ? 1 : 0;
	}
	if (!strcmp(act, "export")) {
		struct buf b;

		if (!o->out)
			return cli_usage_error("institution", "export needs --out FILE");
		buf_init(&b, 0);
		rc = app_institution_export(ctx, o->format ? o->format : "xlsx", &b, &err);
		if (rc == APP_OK)
			rc = write_file(o->out, &b);
		else
			rc = cli_fail("institution", &err);
		buf_release(&b);
		return rc;
	}
	if (!(id = need_id(arg, "ID")))
		return 2;
	if (!strcmp(act, "show"))
		return do_show(ctx, id);
	if (!strcmp(act, "rename"))
		rc = app_institution_rename(ctx, id, o->name, o->reason, o->doc, &err);
	else if (!strcmp(act, "retype"))
		rc = app_institution_change_type(ctx, id, o->type, o->kind, o->reason,
						 o->doc, &err);
	else if (!strcmp(act, "update")) {
		struct institution_input in = input_of(o);

		rc = app_institution_update(ctx, id, &in, &err);
	} else if (!strcmp(act, "status")) {
		enum reg_action a;

		if (!o->action)
			return cli_usage_error("institution", "status needs --action");
		if (!strcmp(o->action, "suspend"))
			a = REG_ACT_SUSPEND;
		else if (!strcmp(o->action, "reinstate"))
			a = REG_ACT_REINSTATE;
		else if (!strcmp(o->action, "revoke"))
			a = REG_ACT_REVOKE;
		else
			return cli_usage_error("institution",
					       "--action is suspend, reinstate or revoke");
		rc = app_institution_status(ctx, id, a, o->reason, o->doc, &err);
	} else if (!strcmp(act, "apply")) {
		rc = app_registration_apply(ctx, id, &out_id, &err);
		if (rc == APP_OK)
			printf("%lld\n", out_id);
	} else if (!strcmp(act, "scope")) {
		if (o->remove) {
			long long sid = need_id(o->remove, "--remove");

			if (!sid)
				return 2;
			rc = app_scope_remove(ctx, id, sid, o->doc, &err);
		} else {
			rc = app_scope_add(ctx, id, o->code, o->occ_name, o->work_type,
					   o->levels, o->doc, &err);
		}
	} else if (!strcmp(act, "file")) {
		struct filing f = {.authority = o->authority,
				   .filing_no = o->filing_no,
				   .filing_date = o->filing_date,
				   .institution_code = o->inst_code,
				   .province_code = o->prov_code,
				   .site_code = o->site_code};

		rc = app_filing_add(ctx, id, &f, &err);
	} else if (!strcmp(act, "inspect")) {
		long long year;

		if (!o->year || str_to_ll(o->year, 2000, 2999, &year))
			return cli_usage_error("institution", "inspect needs --year");
		rc = app_inspection_add(ctx, id, (int)year, o->date, o->outcome, o->notes,
					&out_id, &err);
		if (rc == APP_OK)
			printf("%lld\n", out_id);
	} else if (!strcmp(act, "finding")) {
		/* ID is the inspection's */
		rc = app_finding_add(ctx, id, o->notes, o->date, &err);
	} else if (!strcmp(act, "close-finding")) {
		rc = app_finding_close(ctx, id, o->notes, &err);
	} else if (!strcmp(act, "plaque")) {
		struct buf b;

		if (!o->out)
			return cli_usage_error("institution", "plaque needs --out FILE");
		buf_init(&b, 0);
		rc = app_institution_plaque(ctx, id, &b, &err);
		if (rc == APP_OK) {
			rc = write_file(o->out, &b);
			buf_release(&b);
			return rc;
		}
		buf_release(&b);
	} else {
		return cli_usage_error("institution", "unknown action \"%s\"", act);
	}
	return rc == APP_OK ? 0 : cli_fail("institution", &err);
}

int cmd_institution(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("institution");
	struct cli_opts o;
	struct cli_run r;
	struct iopts io;
	const char *pos[2];
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"name", 1, &io.name},
		{"type", 1, &io.type},
		{"province", 1, &io.province},
		{"parent", 1, &io.parent},
		{"credit-code", 1, &io.credit},
		{"credit-code-override", 1, &io.override},
		{"branch-kind", 1, &io.kind},
		{"address", 1, &io.address},
		{"host-org", 1, &io.host},
		{"contact-name", 1, &io.cname},
		{"contact-phone", 1, &io.cphone},
		{"contact-email", 1, &io.cemail},
		{"reason", 1, &io.reason},
		{"doc", 1, &io.doc},
		{"q", 1, &io.q},
		{"status", 1, &io.status},
		{"occupation", 1, &io.occupation},
		{"json", 0, &io.json},
		{"action", 1, &io.action},
		{"code", 1, &io.code},
		{"occupation-name", 1, &io.occ_name},
		{"work-type", 1, &io.work_type},
		{"levels", 1, &io.levels},
		{"remove", 1, &io.remove},
		{"authority", 1, &io.authority},
		{"filing-no", 1, &io.filing_no},
		{"filing-date", 1, &io.filing_date},
		{"institution-code", 1, &io.inst_code},
		{"province-code", 1, &io.prov_code},
		{"site-code", 1, &io.site_code},
		{"year", 1, &io.year},
		{"date", 1, &io.date},
		{"outcome", 1, &io.outcome},
		{"notes", 1, &io.notes},
		{"out", 1, &io.out},
		{"dry-run", 0, &io.dry_run},
		{"format", 1, &io.format},
		{NULL, 0, NULL},
	};

	memset(&io, 0, sizeof(io));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("institution", "which action? (see --help)");
	if (!strcmp(pos[0], "add") && (!io.name || !io.type || !io.province))
		return cli_usage_error("institution",
				       "add needs --name, --type and --province");
	if ((!strcmp(pos[0], "list") || !strcmp(pos[0], "add") || !strcmp(pos[0], "export")) &&
	    npos != 1)
		return cli_usage_error("institution", "%s takes no argument", pos[0]);
	if (strcmp(pos[0], "list") && strcmp(pos[0], "add") && strcmp(pos[0], "export") &&
	    npos != 2)
		return cli_usage_error("institution", "%s needs an argument", pos[0]);
	if (!strcmp(pos[0], "rename") && !io.name)
		return cli_usage_error("institution", "rename needs an ID and --name");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = run(&r.ctx, pos[0], npos > 1 ? pos[1] : NULL, &io);
	cli_run_close(&r);
	return rc;
}
