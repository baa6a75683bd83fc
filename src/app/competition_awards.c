/*
 * competition_awards.c - award certificates (获奖证书, issue 13): one
 * certificate of line "award" per member of each awarded entry of a final
 * competition, numbered by the award_pattern setting, signed as an OB 3.0
 * credential with achievementType "Award" (cert_credential.c), its
 * competition's facts in certificate_award (migration 0027). An award
 * certificate has level 0 and is never a skill level: the readers that
 * look for a level skip the line (docs/competitions.md "Award
 * certificates"). Status changes, sharing, the PDF and the public
 * verification are the certificates' own (cert_*.c).
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/competition.h"
#include "core/registry.h"

/* The criteria an award certificate states: the document's citation and
 * its award rule's source (arena); NULL when it has neither. */
static const char *award_citation(struct app_ctx *ctx, const struct comp_doc *d)
{
	const char *src = d->rule_prov[CR_AWARDS].source;

	if (d->citation && *d->citation && src && *src)
		return arena_printf(ctx->arena, "%s；%s", d->citation, src);
	return src && *src ? src : d->citation;
}

const char *cert_award_citation(struct app_ctx *ctx, struct store_conn *c,
				long long competition_id)
{
	struct competition_doc_row row;
	struct comp_doc d;
	char perr[256];

	if (store_comp_doc_latest(c, ctx->arena, competition_id, &row) ||
	    comp_parse(row.body, ctx->arena, &d, perr, sizeof(perr)))
		return NULL;
	return award_citation(ctx, &d);
}

/* "national_technical_expert,…" of a title bit set (arena; "" for none). */
static const char *titles_of(struct app_ctx *ctx, unsigned titles)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	buf_putc(&b, '\0');
	b.len = 0;
	for (int t = 0; t < COMP_TITLE_COUNT; t++)
		if (titles & (1u << t)) {
			if (b.len)
				buf_putc(&b, ',');
			buf_puts(&b, comp_title_name((enum comp_title)t));
		}
	out = arena_strdup(ctx->arena, b.data ? b.data : "");
	buf_release(&b);
	return out;
}

/* Whether the competition's awarded member (entry, person) has an award
 * certificate already (its first; successors follow it). */
static bool has_award(const struct cert_award *w, size_t n, long long entry, long long person)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].entry_id == entry && w[i].person_id == person && !w[i].supersedes)
			return true;
	return false;
}

/* The sheet of event_id among the results' sheets; NULL when none. */
static const struct comp_sheet *sheet_of(const struct comp_results *res,
					 const struct comp_sheet *sheets, long long event_id)
{
	for (size_t e = 0; e < res->nevents; e++)
		if (sheets[e].event.id == event_id)
			return &sheets[e];
	return NULL;
}

/* The competition id with competition.manage on its organiser, on c. */
static enum app_status load_managed(struct app_ctx *ctx, struct store_conn *c, long long id,
				    struct competition *comp, struct app_error *err)
{
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	rc = store_comp_get(c, ctx->arena, id, comp);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, PERM_COMP_MANAGE, comp->organiser_id, err);
}

/* One award certificate of the member m of result r, issued by in: the
 * certificate row, its award row, its signature and its event. */
static enum app_status issue_one(struct app_ctx *ctx, struct store_conn *c,
				 const struct app_signer *sg, const char *base,
				 const char *pattern, const char *citation,
				 struct certno *no, const struct institution *in,
				 const struct comp_sheet *s, const struct comp_result *r,
				 long long person_id, const char *today, const char *now,
				 struct certificate *x, struct app_error *err)
{
	struct cert_candidate who;
	struct cert_award w;
	struct certificate_event ev;
	long long index;
	enum store_err rc;

	rc = store_cert_award_person(c, ctx->arena, person_id, &who);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	memset(x, 0, sizeof(*x));
	x->line = "award";
	x->person_id = person_id;
	x->institution_id = in->id;
	x->institution_name = in->name; /* as registered now, kept */
	x->institution_code = no->institution;
	x->province_code = no->province;
	x->site_code = no->site;
	x->holder_name = who.name;
	x->id_type = who.id_type;
	x->id_blind = who.id_blind;
	x->id_masked = who.id_masked;
	x->occupation_code = s->event.occupation_code;
	x->occupation_name = s->event.occupation_name;
	x->work_type = "";
	x->level = 0; /* an award is not a level */
	x->issued_on = today;
	x->scores = "";
	x->status = "valid";
	x->created_at = now;
	if (cert_number_of(ctx, c, pattern, no, x, err))
		return err->status;
	rc = store_counter_next(c, "cert:status_index", &index);
	x->status_index = index - 1;
	if (rc == STORE_OK)
		rc = store_cert_insert(c, x, &x->id);
	memset(&w, 0, sizeof(w));
	w.certificate_id = x->id;
	w.competition_id = s->comp.id;
	w.event_id = s->event.id;
	w.entry_id = r->entry_id;
	w.person_id = person_id;
	w.award = comp_award_name(r->award);
	w.place = r->place;
	w.entrants = r->entrants;
	w.titles = titles_of(ctx, r->titles);
	w.squad = r->squad;
	w.total = r->total.total;
	w.standardised = r->standard;
	if (rc == STORE_OK)
		rc = store_cert_award_insert(c, &w);
	if (rc == STORE_OK)
		rc = app_event_cert_issued_tx(ctx, c, x->id, x->institution_id);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (cert_sign_and_store(ctx, c, sg, base, x, citation, err))
		return err->status;
	memset(&ev, 0, sizeof(ev));
	ev.certificate_id = x->id;
	ev.action = "issued";
	ev.actor = ctx->actor && !ctx->actor->system ? ctx->actor->username : "system";
	ev.at = now;
	rc = store_cert_event_insert(c, &ev);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

enum app_status app_comp_awards_issue(struct app_ctx *ctx, long long competition_id,
				      long long institution_id,
				      struct comp_awards_report *rep, struct app_error *err)
{
	struct store_conn *c;
	struct competition comp;
	struct comp_results res;
	struct comp_sheet *sheets;
	struct institution in;
	struct filing *filings = NULL;
	struct cert_award *had = NULL;
	const struct app_signer *sg;
	const char *base, *pattern, *citation;
	size_t nf = 0, nhad = 0;
	long long issuer;
	char today[11], now[32];
	struct certno no;
	enum store_err rc;

	memset(rep, 0, sizeof(*rep));
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_managed(ctx, c, competition_id, &comp, err))
		return app_abort(ctx, c, err);
	if (strcmp(comp.status, "final")) {
		app_fail(err, APP_INVALID, "status", "competition.awards.not_final");
		err->detail = comp.status;
		return app_abort(ctx, c, err);
	}
	/* the issuer: the organiser; the center's own competition names one */
	issuer = comp.organiser_id ? comp.organiser_id : institution_id;
	if (!issuer || (comp.organiser_id && institution_id && institution_id != issuer)) {
		app_fail(err, APP_INVALID, "institution_id",
			 issuer ? "competition.awards.issuer_organiser"
				: "competition.awards.issuer");
		return app_abort(ctx, c, err);
	}
	/* every event's row lock first (in id order): a concurrent issuer
	 * waits here, then sees the first one's certificates */
	{
		struct competition_event *events = NULL;
		size_t nev = 0;

		rc = store_comp_events(c, ctx->arena, competition_id, &events, &nev);
		for (size_t i = 0; rc == STORE_OK && i < nev; i++)
			rc = store_comp_event_lock(c, events[i].id);
		if (rc)
			return app_finish(ctx, c, rc, err);
	}
	rc = store_institution_get(c, ctx->arena, issuer, &in);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "institution_id", "competition.awards.issuer");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK && !comp.organiser_id) {
		/* one the center names is registered and in force, as any
		 * certificate's issuer (cert_issuer_of); the organiser need not
		 * be an assessment institution and is not checked */
		char day[11];
		int st = reg_status_parse(in.status);

		time_today(day, sizeof(day));
		if (!reg_may_open_plans(st < 0 ? REG_APPLYING : (enum reg_status)st,
					in.valid_until, day)) {
			app_fail(err, APP_INVALID, "institution_id",
				 "cert.institution_not_registered");
			return app_abort(ctx, c, err);
		}
	}
	if (rc == STORE_OK)
		rc = store_filing_list(c, ctx->arena, issuer, &filings, &nf);
	if (rc == STORE_OK)
		rc = store_cert_awards_of_comp(c, ctx->arena, competition_id, &had, &nhad);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (cert_public_base(ctx, c, &base, err) ||
	    app_comp_results_on(ctx, c, competition_id, &res, &sheets, err))
		return app_abort(ctx, c, err);
	if (res.doc.historical) {
		app_fail(err, APP_INVALID, NULL, "competition.awards.historical");
		return app_abort(ctx, c, err);
	}
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	memset(&no, 0, sizeof(no));
	no.kind = 'S';
	no.year = time_year(today);
	snprintf(no.institution, sizeof(no.institution), "%s",
		 nf ? filings[0].institution_code : "0000");
	snprintf(no.province, sizeof(no.province), "%s",
		 nf                            ? filings[0].province_code
		 : in.province && *in.province ? in.province
					       : "11");
	snprintf(no.site, sizeof(no.site), "%s", nf ? filings[0].site_code : "000000");
	pattern = cert_setting(ctx, c, "award_pattern", DEFAULT_AWARD_PATTERN);
	citation = award_citation(ctx, &res.doc);
	sg = NULL;
	for (size_t i = 0; i < res.nrows; i++) {
		const struct comp_result *r = &res.rows[i];
		const struct comp_sheet *s = sheet_of(&res, sheets, r->event_id);

		if (r->award == COMP_AWARD_NONE || !s)
			continue;
		for (size_t m = 0; m < s->nentrants; m++) {
			struct certificate x;

			if (s->entrants[m].entry_id != r->entry_id)
				continue;
			if (has_award(had, nhad, r->entry_id, s->entrants[m].person_id)) {
				rep->already++;
				continue;
			}
			if (!sg && !(sg = cert_signer(ctx, c, err)))
				return app_abort(ctx, c, err);
			if (issue_one(ctx, c, sg, base, pattern, citation, &no, &in, s, r,
				      s->entrants[m].person_id, today, now, &x, err))
				return app_abort(ctx, c, err);
			if (!rep->first_number)
				rep->first_number = x.number;
			rep->last_number = x.number;
			rep->issued++;
		}
	}
	rc = STORE_OK;
	/* the certificates carry the issuer's seal when it has one */
	if (rep->issued) {
		const unsigned char *seal;
		size_t seal_len;

		rc = cert_stamp_load(ctx, c, issuer, &seal, &seal_len);
		if (rc == STORE_OK && seal)
			rc = app_audit(ctx, c, "seal.use", "institution",
				       arena_printf(ctx->arena, "%lld", issuer), NULL,
				       app_json(ctx, "{s:s, s:s, s:I}", "document",
						"award certificates", "of",
						arena_printf(ctx->arena, "competition %lld",
							     competition_id),
						"issued", (json_int_t)rep->issued));
		if (rc == STORE_OK)
			rc = app_audit(ctx, c, "competition.awards_issue", "competition",
				       arena_printf(ctx->arena, "%lld", competition_id),
				       NULL,
				       app_json(ctx, "{s:I, s:I, s:I, s:s, s:s}",
						"issuer", (json_int_t)issuer, "issued",
						(json_int_t)rep->issued, "already",
						(json_int_t)rep->already, "first",
						rep->first_number, "last",
						rep->last_number));
	}
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comp_awards(struct app_ctx *ctx, long long competition_id,
				struct cert_award **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	struct competition comp;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load_managed(ctx, c, competition_id, &comp, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_cert_awards_of_comp(c, ctx->arena, competition_id, items, n);
	return app_read_done(ctx, c, rc, err);
}
