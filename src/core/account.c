/* account.c - account and audit rules; see account.h. */
#include "core/account.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"

const char audit_genesis[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

const char *const audit_actions[] = {
	"appeal.file",
	"appeal.resolve",
	"application.accept",
	"application.reject",
	"application.return",
	"application.submit",
	"apprentice.add",
	"apprentice.advance",
	"apprentice.enrol",
	"apprentice.progress",
	"apprentice.status",
	"apprenticeship.close",
	"apprenticeship.course",
	"apprenticeship.create",
	"apprenticeship.file",
	"apprenticeship.start",
	"batch.add",
	"batch.create",
	"batch.decide",
	"batch.notice",
	"batch.remove",
	"blueprint.add",
	"certificate.issue",
	"certificate.print",
	"certificate.reinstate",
	"certificate.revoke",
	"certificate.supersede",
	"certificate.suspend",
	"commendation.attach",
	"commendation.category",
	"commendation.create",
	"commendation.decide",
	"commendation.endorse",
	"commendation.nominate",
	"commendation.notice",
	"commendation.objection",
	"commendation.objection_resolve",
	"commendation.override",
	"commendation.quota",
	"commendation.return",
	"commendation.reviewer",
	"commendation.round",
	"commendation.rules",
	"commendation.score",
	"commendation.status",
	"commendation.tally",
	"commendation.timetable",
	"commendation.withdraw",
	"competition.appeal",
	"competition.appeal_resolve",
	"competition.awards_issue",
	"competition.confirm",
	"competition.correction",
	"competition.correction_approve",
	"competition.correction_refuse",
	"competition.create",
	"competition.document",
	"competition.event",
	"competition.import",
	"competition.judge",
	"competition.lock",
	"competition.mark",
	"competition.nominate",
	"competition.promote",
	"competition.promote_reject",
	"competition.refuse",
	"competition.status",
	"competition.theory",
	"competition.time",
	"exam.close",
	"exam.extend",
	"exam.open",
	"exam.sign_in",
	"exam.submit",
	"exam.time_out",
	"filing.add",
	"filing.create",
	"filing.export",
	"filing.receipt",
	"filing.reject",
	"filing.submit",
	"finding.add",
	"finding.close",
	"grant.add",
	"grant.remove",
	"holder.claim",
	"holder.photo_off",
	"holder.photo_on",
	"holder.share",
	"holder.unshare",
	"import.enrolments",
	"import.legacy",
	"import.people",
	"import.photos",
	"import.qualifications",
	"import.scores",
	"inspection.add",
	"institution.change_type",
	"institution.create",
	"institution.hr_filing",
	"institution.import",
	"institution.reinstate",
	"institution.rename",
	"institution.revoke",
	"institution.suspend",
	"institution.update",
	"item.approve",
	"item.create",
	"item.edit",
	"item.import",
	"item.retire",
	"item.return",
	"item.review",
	"item.revise",
	"item.submit",
	"item.supersede",
	"key.rotate",
	"login",
	"login.failed",
	"logout",
	"objection.file",
	"objection.resolve",
	"paper.assemble",
	"paper.seal",
	"password.reset",
	"password.reset_request",
	"person.certificate",
	"person.create",
	"person.diploma",
	"person.photo",
	"person.qualification",
	"person.relationship",
	"person.reveal_id",
	"person.title",
	"person.update",
	"plan.apply_offer",
	"plan.approve",
	"plan.assign",
	"plan.candidate_pool",
	"plan.claim_codes",
	"plan.close",
	"plan.create",
	"plan.enrol",
	"plan.finish_scoring",
	"plan.post_spec",
	"plan.publish",
	"plan.return",
	"plan.room",
	"plan.start",
	"plan.submit",
	"plan.unassign",
	"plan.visit",
	"plan.withdraw",
	"post_spec.add",
	"registration.apply",
	"registration.approve",
	"registration.reject",
	"request.accept",
	"request.file",
	"request.refuse",
	"scope.add",
	"scope.remove",
	"score.correction_decide",
	"score.correction_request",
	"score.enter",
	"score.submit",
	"seal.remove",
	"seal.upload",
	"seal.use",
	"setting.set",
	"standard.add",
	"statistics.refresh",
	"subsidy.claim_record",
	"subsidy.claim_void",
	"supervision.dismiss",
	"supervision.finding",
	"supervision.scan",
	"token.create",
	"token.revoke",
	"training.certify",
	"training.complete",
	"training.content",
	"training.course",
	"training.enrol",
	"training.progress",
	"training.withdraw",
	"user.create",
	"user.disable",
	"user.email",
	"user.enable",
	"user.password_change",
	"user.password_reset",
	"webhook.add",
	"webhook.remove",
	"webhook.replay",
	"webhook.rotate",
	"webhook.update",
	NULL,
};
const size_t audit_actions_size = sizeof(audit_actions) / sizeof(audit_actions[0]);

static bool fail(struct rule_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->msg = msg;
	return false;
}

bool user_name_reserved(const char *name)
{
	/* the command line's operator in the audit trail, and no one */
	static const char *const reserved[] = {"system", "anonymous"};

	for (size_t i = 0; name && i < sizeof(reserved) / sizeof(*reserved); i++)
		if (!strcasecmp(name, reserved[i]))
			return true;
	return false;
}

bool user_check_name(const char *name, struct rule_error *err)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0)
		return fail(err, "username", "val.username.required");
	if (user_name_reserved(name))
		return fail(err, "username", "val.username.reserved");
	if (n < 3 || n > 32 || !(name[0] >= 'a' && name[0] <= 'z'))
		return fail(err, "username", "val.username.format");
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-'))
			return fail(err, "username", "val.username.format");
	}
	return true;
}

bool user_check_display_name(const char *name, struct rule_error *err)
{
	size_t n = name ? strlen(name) : 0;

	if (n && (!str_utf8_valid(name, n) || str_utf8_len(name, n) > 64))
		return fail(err, "display_name", "val.display_name.format");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return fail(err, "display_name", "val.display_name.format");
	return true;
}

bool token_check_name(const char *name, struct rule_error *err)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || !str_utf8_valid(name, n) || str_utf8_len(name, n) > 64)
		return fail(err, "name", "val.token_name.format");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return fail(err, "name", "val.token_name.format");
	return true;
}

bool user_check_email(const char *email, struct rule_error *err)
{
	size_t n = email ? strlen(email) : 0, local = 0, labels = 0, label = 0;
	const char *at;

	if (n == 0 || n > 254 || !(at = strchr(email, '@')) || strchr(at + 1, '@'))
		return fail(err, "email", "val.email.format");
	local = (size_t)(at - email);
	if (local == 0 || local > 64)
		return fail(err, "email", "val.email.format");
	for (size_t i = 0; i < local; i++) {
		unsigned char ch = (unsigned char)email[i];

		if (ch <= 0x20 || ch >= 0x7f || strchr("\"<>(),;:[]\\", ch))
			return fail(err, "email", "val.email.format");
	}
	for (const char *p = at + 1;; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '.' || ch == '\0') {
			if (label == 0 || p[-1] == '-')
				return fail(err, "email", "val.email.format");
			labels++;
			label = 0;
			if (!ch)
				break;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-') ||
		    (ch == '-' && label == 0) || ++label > 63)
			return fail(err, "email", "val.email.format");
	}
	return labels >= 2 ? true : fail(err, "email", "val.email.format");
}

static void field(struct buf *out, const char *s)
{
	if (!s)
		s = "";
	buf_printf(out, "%zu:", strlen(s));
	buf_puts(out, s);
	buf_putc(out, '\n');
}

void audit_canonical(const struct audit_record *r, struct buf *out)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", r->seq);
	field(out, num);
	field(out, r->at);
	snprintf(num, sizeof(num), "%lld", r->actor_id);
	field(out, num);
	field(out, r->actor);
	field(out, r->address);
	field(out, r->request_id);
	field(out, r->action);
	field(out, r->object_type);
	field(out, r->object_id);
	field(out, r->before);
	field(out, r->after);
	field(out, r->prev_hash);
}

void audit_checkpoint_body(const struct audit_checkpoint *cp, struct buf *out)
{
	buf_printf(out, "skillcert audit checkpoint v1\nsize %lld\nroot %s\nat %s\nkid %s\n",
		   cp->size, cp->root ? cp->root : "", cp->at ? cp->at : "",
		   cp->kid ? cp->kid : "");
}
