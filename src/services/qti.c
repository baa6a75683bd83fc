/*
 * qti.c - QTI items and content packages, and the item writers'
 * spreadsheet, to and from items (qti.h). expat reads the XML (no DTD, a
 * bounded depth), libzip the packages, services/table the sheets.
 *
 * Owns: what a QTI item may hold to be one of ours and what it may not,
 * the package's manifest and its limits. Must not: guess (an item it does
 * not understand is refused with a reason), follow a name out of the
 * package, keep anything between calls.
 */
#include "services/qti.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "base/str.h"
#include "core/itemsheet.h"
#include "services/table.h"

#define NS_SEP '|'
#define NS_QTI3 "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
#define NS_QTI21 "http://www.imsglobal.org/xsd/imsqti_v2p1"
#define NS_QTI22 "http://www.imsglobal.org/xsd/imsqti_v2p2"
#define NS_MATHML "http://www.w3.org/1998/Math/MathML"
#define NS_CP3 "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
#define NS_LOM "http://ltsc.ieee.org/xsd/LOM"
#define RP_MATCH_CORRECT \
	"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"
#define MANIFEST "imsmanifest.xml"
/* a text buffer of an item: well past what item_check() lets through, so
 * that an overlong field is refused by it, not cut */
#define TEXT_CAP ((size_t)64 << 10)
#define ID_MAX 64 /* a QTI identifier we keep (choices, responses) */

/* ---- small helpers ---- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		abort();
	return p;
}

/* The local part of an expat name "uri|local", and its namespace (the
 * part before, "" when none) into ns. */
static const char *split_name(const char *name, char *ns, size_t nslen)
{
	const char *s = strrchr(name, NS_SEP);

	if (!s) {
		ns[0] = '\0';
		return name;
	}
	snprintf(ns, nslen, "%.*s", (int)(s - name), name);
	return s + 1;
}

/* The value of the attribute name (outside any namespace), or NULL. */
static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strchr(atts[i], NS_SEP) && !strcmp(atts[i], name))
			return atts[i + 1];
	return NULL;
}

/* A QTI element's name as compared: 3.0's "qti-choice-interaction" and
 * 2.1's "choiceInteraction" both become "choiceinteraction"; "" when too
 * long. */
static void elem_name(const char *local, char *out, size_t outlen)
{
	size_t k = 0;

	if (!strncmp(local, "qti-", 4))
		local += 4;
	for (; *local; local++) {
		char c = *local;

		if (c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (k + 1 >= outlen) {
			k = 0;
			break;
		}
		out[k++] = c;
	}
	out[k] = '\0';
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* s ends with suffix */
static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/*
 * The text of b as one keeps it: white space runs (space, tab, CR, NBSP)
 * become one space, lines (split at '\n') are trimmed and empty ones
 * dropped; with one_line the lines are joined by a space. malloc'd.
 */
static char *flatten(const struct buf *b, bool one_line)
{
	char *out = malloc(b->len + 1);
	size_t k = 0;
	bool sp = false, nl = false;

	if (!out)
		abort();
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		if (c == '\n') {
			nl = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			sp = true;
			continue;
		}
		if (c == 0xC2 && i + 1 < b->len && (unsigned char)b->data[i + 1] == 0xA0) {
			i++;
			sp = true;
			continue;
		}
		if (k && (nl || sp))
			out[k++] = nl && !one_line ? '\n' : ' ';
		nl = sp = false;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return out;
}

/* ---- XML out ---- */

/* Appends s escaped for XML text and attribute values; control
 * characters XML 1.0 does not allow are left out. */
static void put_esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&apos;"); break;
		default:
			if (c >= 0x20 || c == '\t')
				buf_putc(b, (char)c);
		}
	}
}

/* Appends text as <p> paragraphs, one per line. */
static void put_paragraphs(struct buf *b, const char *text, const char *indent)
{
	const char *s = text;

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *line = strndup(s, n);

		if (!line)
			abort();
		if (line[strspn(line, " \t\r")]) {
			buf_printf(b, "%s<p>", indent);
			put_esc(b, line);
			buf_puts(b, "</p>\n");
		}
		free(line);
		s += n + (e ? 1 : 0);
	}
}

int qti_item_write(const struct item *it, struct buf *out)
{
	static const char *const tf_text[2] = {"正确", "错误"};
	static const char *const tf_id[2] = {"T", "F"};
	char key[ITEM_MAX_OPTIONS + 1];
	int nchoices = it->kind == ITEM_TF ? 2 : it->noptions;

	if (item_check(it, NULL))
		return -1;
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<qti-assessment-item xmlns=\"" NS_QTI3 "\"\n"
		      "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		      "  xsi:schemaLocation=\"" NS_QTI3 " https://purl.imsglobal.org/spec/qti/"
		      "v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd\"\n"
		      "  identifier=\"");
	put_esc(out, it->ref);
	buf_puts(out, "\" title=\"");
	put_esc(out, it->ref);
	buf_printf(out,
		   "\" adaptive=\"false\" time-dependent=\"false\" xml:lang=\"zh-CN\">\n"
		   "  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"%s\" "
		   "base-type=\"identifier\">\n"
		   "    <qti-correct-response>\n",
		   it->kind == ITEM_MULTI ? "multiple" : "single");
	item_key_letters(it, key);
	for (size_t i = 0; key[i]; i++)
		buf_printf(out, "      <qti-value>%c</qti-value>\n", key[i]);
	buf_puts(out, "    </qti-correct-response>\n"
		      "  </qti-response-declaration>\n"
		      "  <qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" "
		      "base-type=\"float\">\n"
		      "    <qti-default-value>\n"
		      "      <qti-value>0</qti-value>\n"
		      "    </qti-default-value>\n"
		      "  </qti-outcome-declaration>\n");
	if (it->explanation)
		buf_puts(out, "  <qti-outcome-declaration identifier=\"FEEDBACK\" "
			      "cardinality=\"single\" base-type=\"identifier\"/>\n");
	buf_puts(out, "  <qti-item-body data-point=\"");
	put_esc(out, it->point);
	buf_puts(out, "\">\n");
	put_paragraphs(out, it->stem, "    ");
	buf_printf(out,
		   "    <qti-choice-interaction response-identifier=\"RESPONSE\" "
		   "max-choices=\"%d\" shuffle=\"false\">\n",
		   it->kind == ITEM_MULTI ? nchoices : 1);
	for (int i = 0; i < nchoices; i++) {
		char id[2] = {(char)('A' + i), '\0'};

		buf_printf(out, "      <qti-simple-choice identifier=\"%s\">",
			   it->kind == ITEM_TF ? tf_id[i] : id);
		put_esc(out, it->kind == ITEM_TF ? tf_text[i] : it->options[i]);
		buf_puts(out, "</qti-simple-choice>\n");
	}
	buf_puts(out, "    </qti-choice-interaction>\n"
		      "  </qti-item-body>\n"
		      "  <qti-response-processing template=\"" RP_MATCH_CORRECT "\"/>\n");
	if (it->explanation) {
		buf_puts(out, "  <qti-modal-feedback outcome-identifier=\"FEEDBACK\" "
			      "show-hide=\"show\" identifier=\"EXPLANATION\">\n"
			      "    <qti-content-body>\n");
		put_paragraphs(out, it->explanation, "      ");
		buf_puts(out, "    </qti-content-body>\n"
			      "  </qti-modal-feedback>\n");
	}
	buf_puts(out, "</qti-assessment-item>\n");
	return buf_failed(out) ? -1 : 0;
}

/* ---- one item in ---- */

struct ip {
	XML_Parser p;
	int depth;
	const char *key, *field; /* the first refusal */
	bool root;
	char ref[ITEM_REF_MAX];
	char point[ITEM_POINT_MAX];
	/* the response declaration */
	int nresp;
	char resp_id[ID_MAX];
	bool multiple;
	bool in_correct;
	int in_value; /* depth of the <qti-value> being read, 0 when none */
	struct buf value;
	char values[ITEM_MAX_OPTIONS][ID_MAX];
	int nvalues;
	/* the body */
	bool in_body;
	int skip; /* depth of a subtree left out, 0 when none */
	struct buf stem;
	int ninter, in_inter;
	char inter_resp[ID_MAX];
	int in_choice;
	struct buf opt;
	char choice_id[ITEM_MAX_OPTIONS][ID_MAX];
	char *choice_text[ITEM_MAX_OPTIONS];
	int nchoices;
	/* the explanation */
	int in_fb;
	struct buf expl;
	/* response processing */
	int nproc, in_proc;
	bool proc_ok;
};

static const char *const media[] = {"img",   "picture", "object", "table",
				    "audio", "video",   "iframe", "embed",
				    "svg",   "canvas",  "math",   NULL};
static const char *const skipped[] = {"rubricblock",
				      "feedbackblock",
				      "feedbackinline",
				      "templateblock",
				      "templateinline",
				      "cataloginfo",
				      "outcomedeclaration",
				      "stylesheet",
				      "companionmaterialsinfo",
				      NULL};
static const char *const blocks[] = {
	"p",  "div", "br",         "li",      "prompt",  "h1",          "h2", "h3",
	"h4", "h5",  "h6",         "pre",     "ul",      "ol",          "dl", "dt",
	"dd", "hr",  "blockquote", "section", "article", "contentbody", NULL};

static void refuse(struct ip *x, const char *field, const char *key)
{
	if (!x->key) {
		x->key = key;
		x->field = field;
	}
	XML_StopParser(x->p, XML_FALSE);
}

/* The buffer text goes to now, or NULL. */
static struct buf *text_target(struct ip *x)
{
	if (x->skip)
		return NULL;
	if (x->in_value)
		return &x->value;
	if (x->in_choice)
		return &x->opt;
	if (x->in_body)
		return &x->stem;
	if (x->in_fb)
		return &x->expl;
	return NULL;
}

static void copy_id(char *dst, const char *src)
{
	snprintf(dst, ID_MAX, "%s", src ? src : "");
}

static void XMLCALL ip_start(void *data, const char *name, const char **atts)
{
	struct ip *x = data;
	char ns[128], el[64];
	const char *local, *a;
	struct buf *t;

	if (++x->depth > QTI_MAX_DEPTH) {
		refuse(x, NULL, "val.qti.depth");
		return;
	}
	if (x->key)
		return;
	local = split_name(name, ns, sizeof ns);
	if (x->depth == 1) {
		elem_name(local, el, sizeof el);
		if ((strcmp(ns, NS_QTI3) && strcmp(ns, NS_QTI21) && strcmp(ns, NS_QTI22)) ||
		    strcmp(el, "assessmentitem")) {
			refuse(x, NULL, "val.qti.not_item");
			return;
		}
		x->root = true;
		a = attr(atts, "identifier");
		if (a && strlen(a) >= sizeof x->ref) {
			refuse(x, "ref", "val.item.ref");
			return;
		}
		snprintf(x->ref, sizeof x->ref, "%s", a ? a : "");
		a = attr(atts, "data-point");
		if (a)
			snprintf(x->point, sizeof x->point, "%s", a);
		return;
	}
	if (x->skip)
		return;
	if (x->in_proc) {
		refuse(x, NULL, "val.qti.processing");
		return;
	}
	if (!strcmp(ns, NS_MATHML)) {
		refuse(x, x->in_choice ? "options" : "stem", "val.qti.media");
		return;
	}
	if (strcmp(ns, NS_QTI3) && strcmp(ns, NS_QTI21) && strcmp(ns, NS_QTI22)) {
		/* another vocabulary (XInclude, SSML, XHTML by its own
		 * namespace ...): in the text it would be guessing, elsewhere
		 * it is left out */
		if (x->in_body || x->in_fb)
			refuse(x,
			       x->in_fb       ? "explanation"
			       : x->in_choice ? "options"
					      : "stem",
			       "val.qti.markup");
		else
			x->skip = x->depth;
		return;
	}
	elem_name(local, el, sizeof el);
	if (!strcmp(el, "responsedeclaration")) {
		if (++x->nresp > 1) {
			refuse(x, "key", "val.qti.responses");
			return;
		}
		copy_id(x->resp_id, attr(atts, "identifier"));
		a = attr(atts, "cardinality");
		if (!a || (strcmp(a, "single") && strcmp(a, "multiple"))) {
			refuse(x, "key", "val.qti.cardinality");
			return;
		}
		x->multiple = !strcmp(a, "multiple");
	} else if (!strcmp(el, "correctresponse")) {
		x->in_correct = true;
	} else if (!strcmp(el, "value") && x->in_correct) {
		x->in_value = x->depth;
		buf_reset(&x->value);
	} else if (!strcmp(el, "templatedeclaration") || !strcmp(el, "templateprocessing")) {
		refuse(x, NULL, "val.qti.template");
	} else if (!strcmp(el, "responseprocessing")) {
		a = attr(atts, "template");
		x->nproc++;
		x->in_proc = x->depth;
		x->proc_ok = a && (ends_with(a, "/match_correct") ||
				   ends_with(a, "/match_correct.xml") ||
				   !strcmp(a, "match_correct"));
	} else if (!strcmp(el, "itembody")) {
		x->in_body = true;
		a = attr(atts, "data-point");
		if (a)
			snprintf(x->point, sizeof x->point, "%s", a);
	} else if (!strcmp(el, "modalfeedback")) {
		x->in_fb = x->depth;
		buf_putc(&x->expl, '\n');
	} else if (in_list(el, skipped)) {
		x->skip = x->depth;
	} else if (!x->in_body && !x->in_fb) {
		/* anything else outside the body and the feedback: not ours */
		x->skip = x->depth;
	} else if (!strcmp(el, "choiceinteraction")) {
		if (++x->ninter > 1 || x->in_inter) {
			refuse(x, NULL, "val.qti.interactions");
			return;
		}
		x->in_inter = x->depth;
		a = attr(atts, "response-identifier");
		copy_id(x->inter_resp, a ? a : attr(atts, "responseIdentifier"));
		buf_putc(&x->stem, '\n');
	} else if (ends_with(el, "interaction")) {
		refuse(x, NULL, "val.qti.interaction");
	} else if (!strcmp(el, "simplechoice")) {
		if (!x->in_inter || x->in_choice) {
			refuse(x, "options", "val.qti.interaction");
			return;
		}
		if (x->nchoices == ITEM_MAX_OPTIONS) {
			refuse(x, "options", "val.qti.choices");
			return;
		}
		a = attr(atts, "identifier");
		if (!a || !*a || strlen(a) >= ID_MAX) {
			refuse(x, "options", "val.qti.choice_id");
			return;
		}
		for (int i = 0; i < x->nchoices; i++)
			if (!strcmp(x->choice_id[i], a)) {
				refuse(x, "options", "val.qti.choice_id");
				return;
			}
		copy_id(x->choice_id[x->nchoices], a);
		x->in_choice = x->depth;
		buf_reset(&x->opt);
	} else if (in_list(el, media)) {
		refuse(x,
		       x->in_fb       ? "explanation"
		       : x->in_choice ? "options"
				      : "stem",
		       "val.qti.media");
	} else if (in_list(el, blocks) && (t = text_target(x))) {
		buf_putc(t, '\n');
	}
}

static void XMLCALL ip_end(void *data, const char *name)
{
	struct ip *x = data;
	int d = x->depth--;
	char ns[128], el[64];
	struct buf *t;

	if (x->key)
		return;
	if (x->skip) {
		if (x->skip == d)
			x->skip = 0;
		return;
	}
	elem_name(split_name(name, ns, sizeof ns), el, sizeof el);
	if (x->in_value == d) {
		char *v = flatten(&x->value, true);

		x->in_value = 0;
		if (x->nvalues == ITEM_MAX_OPTIONS || strlen(v) >= ID_MAX) {
			free(v);
			refuse(x, "key", "val.qti.key_unknown");
			return;
		}
		copy_id(x->values[x->nvalues++], v);
		free(v);
	} else if (x->in_choice == d) {
		x->in_choice = 0;
		if (buf_failed(&x->opt)) {
			refuse(x, "options", "val.item.option_long");
			return;
		}
		x->choice_text[x->nchoices++] = flatten(&x->opt, true);
	} else if (x->in_inter == d) {
		x->in_inter = 0;
		buf_putc(&x->stem, '\n');
	} else if (x->in_proc == d) {
		x->in_proc = 0;
	} else if (x->in_fb == d) {
		x->in_fb = 0;
	} else if (!strcmp(el, "correctresponse")) {
		x->in_correct = false;
	} else if (!strcmp(el, "itembody")) {
		x->in_body = false;
	} else if (in_list(el, blocks) && (t = text_target(x))) {
		buf_putc(t, '\n');
	}
}

static void XMLCALL ip_text(void *data, const char *s, int n)
{
	struct ip *x = data;
	struct buf *t = x->key ? NULL : text_target(x);

	if (t)
		buf_append(t, s, (size_t)n);
}

static void XMLCALL ip_doctype(void *data, const char *name, const char *sysid,
			       const char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	refuse(data, NULL, "val.qti.dtd");
}

/* Whether s spells true (1), false (2) or neither (0). */
static int tf_word(const char *s)
{
	static const char *const yes[] = {"正确", "对", "true", "True", "TRUE", NULL};
	static const char *const no[] = {"错误", "错", "false", "False", "FALSE", NULL};

	return in_list(s, yes) ? 1 : in_list(s, no) ? 2 : 0;
}

/* Builds the item from what the parse gathered; NULL or a catalog key. */
static const char *ip_item(struct ip *x, const char *point, struct item *out,
			   const char **field)
{
	int val[ITEM_MAX_OPTIONS];

	if (!x->root)
		return *field = NULL, "val.qti.not_item";
	if (!x->nresp)
		return *field = "key", "val.qti.responses";
	if (!x->ninter)
		return *field = NULL, "val.qti.interaction";
	if (x->inter_resp[0] && strcmp(x->inter_resp, x->resp_id))
		return *field = "key", "val.qti.responses";
	if (x->nproc != 1 || !x->proc_ok)
		return *field = NULL, "val.qti.processing";
	if (buf_failed(&x->stem))
		return *field = "stem", "val.item.stem_long";
	if (buf_failed(&x->expl))
		return *field = "explanation", "val.item.explanation_long";
	if (!x->nvalues)
		return *field = "key", "val.qti.key_missing";
	for (int v = 0; v < x->nvalues; v++) {
		val[v] = -1;
		for (int i = 0; i < x->nchoices; i++)
			if (!strcmp(x->values[v], x->choice_id[i]))
				val[v] = i;
		if (val[v] < 0)
			return *field = "key", "val.qti.key_unknown";
	}
	snprintf(out->ref, sizeof out->ref, "%s", x->ref);
	if (point && *point) {
		if (strlen(point) >= sizeof out->point)
			return *field = "point", "val.item.point";
		snprintf(out->point, sizeof out->point, "%s", point);
	} else {
		snprintf(out->point, sizeof out->point, "%s", x->point);
	}
	out->stem = flatten(&x->stem, false);
	if (x->expl.len) {
		out->explanation = flatten(&x->expl, false);
		if (!*out->explanation) {
			free(out->explanation);
			out->explanation = NULL;
		}
	}
	if (!x->multiple && x->nchoices == 2 && tf_word(x->choice_text[0]) &&
	    tf_word(x->choice_text[1]) &&
	    tf_word(x->choice_text[0]) != tf_word(x->choice_text[1])) {
		out->kind = ITEM_TF;
		for (int v = 0; v < x->nvalues; v++)
			out->key |= 1u << (tf_word(x->choice_text[val[v]]) - 1);
	} else {
		out->kind = x->multiple ? ITEM_MULTI : ITEM_SINGLE;
		out->noptions = x->nchoices;
		for (int i = 0; i < x->nchoices; i++) {
			out->options[i] = x->choice_text[i];
			x->choice_text[i] = NULL;
		}
		for (int v = 0; v < x->nvalues; v++)
			out->key |= 1u << val[v];
	}
	return item_check(out, field);
}

/* qti_item_read(), with the item's identifier (when read) in ref even on
 * a refusal; point, when not NULL or "", is the knowledge point (the
 * manifest's), in place of the item's data-point. */
static const char *item_parse(const char *xml, size_t n, const char *point,
			      struct item *out, const char **field, char *ref)
{
	struct ip x;
	const char *key = NULL;

	memset(out, 0, sizeof(*out));
	memset(&x, 0, sizeof x);
	*field = NULL;
	ref[0] = '\0';
	if (n > QTI_MAX_FILE)
		return "val.qti.file_big";
	buf_init(&x.value, 256);
	buf_init(&x.stem, TEXT_CAP);
	buf_init(&x.opt, TEXT_CAP);
	buf_init(&x.expl, TEXT_CAP);
	x.p = XML_ParserCreateNS(NULL, NS_SEP);
	if (!x.p)
		abort();
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, ip_start, ip_end);
	XML_SetCharacterDataHandler(x.p, ip_text);
	XML_SetStartDoctypeDeclHandler(x.p, ip_doctype);
	if (XML_Parse(x.p, n ? xml : "", (int)n, XML_TRUE) != XML_STATUS_OK && !x.key)
		x.key = "val.qti.xml", x.field = NULL;
	snprintf(ref, ITEM_REF_MAX, "%s", x.ref);
	if (x.key) {
		key = x.key;
		*field = x.field;
	} else {
		key = ip_item(&x, point, out, field);
	}
	if (key)
		item_clear(out);
	XML_ParserFree(x.p);
	for (int i = 0; i < ITEM_MAX_OPTIONS; i++)
		free(x.choice_text[i]);
	buf_release(&x.value);
	buf_release(&x.stem);
	buf_release(&x.opt);
	buf_release(&x.expl);
	return key;
}

int qti_item_read(const char *xml, size_t n, struct item *out, const char **field,
		  char *why, size_t whylen)
{
	char ref[ITEM_REF_MAX];
	const char *f = NULL;
	const char *key = item_parse(xml, n, NULL, out, &f, ref);

	if (field)
		*field = f;
	if (!key)
		return 0;
	if (why && whylen)
		snprintf(why, whylen, "%s", key);
	return -1;
}

/* ---- imports ---- */

void qti_import_release(struct qti_import *im)
{
	for (size_t i = 0; i < im->nitems; i++)
		item_clear(&im->items[i]);
	free(im->items);
	free(im->refused);
	memset(im, 0, sizeof(*im));
}

static void push_item(struct qti_import *im, struct item *it)
{
	if ((im->nitems & (im->nitems - 1)) == 0)
		im->items = xrealloc(im->items, (im->nitems ? im->nitems * 2 : 1) *
							sizeof(*im->items));
	im->items[im->nitems++] = *it;
	memset(it, 0, sizeof(*it));
}

static struct qti_refusal *push_refusal(struct qti_import *im, const char *key,
					const char *field)
{
	struct qti_refusal *r;

	if ((im->nrefused & (im->nrefused - 1)) == 0)
		im->refused = xrealloc(im->refused, (im->nrefused ? im->nrefused * 2 : 1) *
							    sizeof(*im->refused));
	r = &im->refused[im->nrefused++];
	memset(r, 0, sizeof(*r));
	r->key = key;
	r->field = field;
	return r;
}

/* Refuses the input as a whole: what was gathered goes. Returns -1. */
static int whole(struct qti_import *im, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int whole(struct qti_import *im, const char *key, const char *fmt, ...)
{
	va_list ap;

	qti_import_release(im);
	im->error = key;
	va_start(ap, fmt);
	vsnprintf(im->detail, sizeof im->detail, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the package's manifest ---- */

/* One item resource of the manifest. */
struct res {
	char ident[128];
	char href[256];
	char point[64]; /* from its LOM classification, "" when none */
	bool href_long;
};

struct mp {
	XML_Parser p;
	int depth;
	const char *key; /* a refusal of the whole manifest */
	struct res *res;
	size_t nres;
	bool too_many;
	/* the resource being read */
	int in_res; /* its depth, 0 when none */
	bool is_item;
	struct res cur;
	/* its LOM classification */
	int in_class, in_purpose, in_taxon;
	bool competency;
	int in_text; /* depth of a <value> or <id> being read */
	struct buf text;
};

static void mp_refuse(struct mp *m, const char *key)
{
	if (!m->key)
		m->key = key;
	XML_StopParser(m->p, XML_FALSE);
}

static void XMLCALL mp_start(void *data, const char *name, const char **atts)
{
	struct mp *m = data;
	char ns[128];
	const char *el, *a;

	if (++m->depth > QTI_MAX_DEPTH) {
		mp_refuse(m, "val.qti.depth");
		return;
	}
	if (m->key)
		return;
	el = split_name(name, ns, sizeof ns);
	if (m->depth == 1) {
		if (strcmp(el, "manifest"))
			mp_refuse(m, "val.qti.manifest");
		return;
	}
	if (!strcmp(el, "resource") && !m->in_res) {
		m->in_res = m->depth;
		memset(&m->cur, 0, sizeof m->cur);
		a = attr(atts, "type");
		m->is_item = a && (!strcmp(a, "imsqti_item_xmlv3p0") ||
				   !strcmp(a, "imsqti_item_xmlv2p1") ||
				   !strcmp(a, "imsqti_item_xmlv2p2"));
		a = attr(atts, "identifier");
		snprintf(m->cur.ident, sizeof m->cur.ident, "%s", a ? a : "");
		a = attr(atts, "href");
		m->cur.href_long = a && strlen(a) >= sizeof m->cur.href;
		snprintf(m->cur.href, sizeof m->cur.href, "%s", a ? a : "");
		return;
	}
	if (!m->in_res || strcmp(ns, NS_LOM))
		return;
	if (!strcmp(el, "classification") && !m->in_class) {
		m->in_class = m->depth;
		m->competency = false;
	} else if (m->in_class && !strcmp(el, "purpose")) {
		m->in_purpose = m->depth;
	} else if (m->in_class && !strcmp(el, "taxon")) {
		m->in_taxon = m->depth;
	} else if ((m->in_purpose && !strcmp(el, "value")) ||
		   (m->in_taxon && !strcmp(el, "id"))) {
		m->in_text = m->depth;
		buf_reset(&m->text);
	}
}

static void XMLCALL mp_end(void *data, const char *name)
{
	struct mp *m = data;
	int d = m->depth--;

	(void)name;
	if (m->key)
		return;
	if (m->in_text == d) {
		char *t = flatten(&m->text, true);

		m->in_text = 0;
		if (m->in_purpose)
			m->competency = !strcmp(t, "competency");
		else if (m->in_taxon && m->competency && !m->cur.point[0]) {
			if (strlen(t) >= sizeof m->cur.point)
				memset(m->cur.point, 'x', sizeof m->cur.point - 1);
			else
				snprintf(m->cur.point, sizeof m->cur.point, "%s", t);
		}
		free(t);
	} else if (m->in_purpose == d) {
		m->in_purpose = 0;
	} else if (m->in_taxon == d) {
		m->in_taxon = 0;
	} else if (m->in_class == d) {
		m->in_class = 0;
	} else if (m->in_res == d) {
		m->in_res = 0;
		if (!m->is_item)
			return;
		if (m->nres == QTI_MAX_ITEMS) {
			m->too_many = true;
			mp_refuse(m, "val.qti.items_many");
			return;
		}
		if ((m->nres & (m->nres - 1)) == 0)
			m->res = xrealloc(m->res,
					  (m->nres ? m->nres * 2 : 1) * sizeof(*m->res));
		m->res[m->nres++] = m->cur;
	}
}

static void XMLCALL mp_text(void *data, const char *s, int n)
{
	struct mp *m = data;

	if (!m->key && m->in_text)
		buf_append(&m->text, s, (size_t)n);
}

static void XMLCALL mp_doctype(void *data, const char *name, const char *sysid,
			       const char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	mp_refuse(data, "val.qti.dtd");
}

/* ---- the package ---- */

/* Whether href names a file inside the package: relative, no "..", no
 * "." segment, no scheme, no backslash, no query. */
static bool href_ok(const char *h)
{
	const char *seg = h;

	if (!*h || *h == '/' || strchr(h, '\\') || strchr(h, ':') || strchr(h, '?') ||
	    strchr(h, '#') || strchr(h, '%'))
		return false;
	for (;;) {
		const char *e = strchr(seg, '/');
		size_t n = e ? (size_t)(e - seg) : strlen(seg);

		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (!e)
			return true;
		seg = e + 1;
	}
}

struct pkg {
	zip_t *z;
	size_t unpacked; /* bytes read from all entries so far */
	struct buf b;    /* the entry last read */
};

/* Reads entry name into p->b. Returns 0, 1 when there is no such entry,
 * 2 when it holds more than max bytes, 3 when the package's
 * total would pass QTI_MAX_UNPACKED, -1 on a damaged entry. */
static int pkg_read(struct pkg *p, const char *name, size_t max)
{
	zip_int64_t i = zip_name_locate(p->z, name, 0);
	zip_file_t *zf;
	zip_stat_t st;
	char chunk[16384];
	zip_int64_t got = 0;
	int rc = 0;

	buf_reset(&p->b);
	if (i < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(p->z, (zip_uint64_t)i, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE)) {
		if (st.size > max)
			return 2;
		if (st.size > QTI_MAX_UNPACKED - p->unpacked)
			return 3;
	}
	zf = zip_fopen_index(p->z, (zip_uint64_t)i, 0);
	if (!zf)
		return -1;
	/* counted as read: the declared size may lie */
	while ((got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		if ((size_t)got > QTI_MAX_UNPACKED - p->unpacked) {
			rc = 3;
			break;
		}
		p->unpacked += (size_t)got;
		buf_append(&p->b, chunk, (size_t)got);
		if (p->b.len > max) {
			rc = 2;
			break;
		}
	}
	if (!rc && got < 0)
		rc = -1;
	zip_fclose(zf);
	return rc;
}

/* Parses the manifest in p->b into m; NULL or the key refusing it. */
static const char *read_manifest(struct pkg *p, struct mp *m)
{
	m->p = XML_ParserCreateNS(NULL, NS_SEP);
	if (!m->p)
		abort();
	XML_SetUserData(m->p, m);
	XML_SetElementHandler(m->p, mp_start, mp_end);
	XML_SetCharacterDataHandler(m->p, mp_text);
	XML_SetStartDoctypeDeclHandler(m->p, mp_doctype);
	if (XML_Parse(m->p, p->b.data, (int)p->b.len, XML_TRUE) != XML_STATUS_OK && !m->key)
		m->key = "val.qti.manifest";
	XML_ParserFree(m->p);
	m->p = NULL;
	return m->key;
}

/* Reads resource r of the manifest into im (an item or a refusal).
 * Returns 0, or -1 when the package as a whole is refused. */
static int pkg_item(struct pkg *p, const struct res *r, struct qti_import *im)
{
	struct qti_refusal *f;
	struct item it;
	const char *field, *key;
	char ref[ITEM_REF_MAX];
	int k;

	if (r->href_long || !href_ok(r->href)) {
		f = push_refusal(im, "val.qti.href", NULL);
		snprintf(f->where, sizeof f->where, "%s", r->ident);
		return 0;
	}
	k = pkg_read(p, r->href, QTI_MAX_FILE);
	if (k == 3)
		return whole(im, "val.qti.unpacked",
			     "the package unpacks to more than %zu bytes",
			     QTI_MAX_UNPACKED);
	if (k == -1)
		return whole(im, "val.qti.not_zip", "%s: a damaged entry", r->href);
	if (k) {
		f = push_refusal(im, k == 1 ? "val.qti.file_missing" : "val.qti.file_big",
				 NULL);
		snprintf(f->where, sizeof f->where, "%s", r->href);
		return 0;
	}
	key = item_parse(p->b.data, p->b.len, r->point, &it, &field, ref);
	if (key) {
		f = push_refusal(im, key, field);
		snprintf(f->where, sizeof f->where, "%s", r->href);
		snprintf(f->ref, sizeof f->ref, "%s", ref);
		return 0;
	}
	push_item(im, &it);
	return 0;
}

int qti_package_read(const void *zip, size_t n, struct qti_import *out)
{
	struct pkg p;
	struct mp m;
	zip_error_t ze;
	zip_source_t *s;
	zip_int64_t entries;
	const char *key;
	int k, rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof p);
	memset(&m, 0, sizeof m);
	buf_init(&p.b, QTI_MAX_MANIFEST + 16384 + 1);
	buf_init(&m.text, 4096);
	zip_error_init(&ze);
	/* a ZIP starts with a local header, or is the empty archive's end
	 * record alone (libzip would take any short input as empty) */
	if (n < 4 || memcmp(zip, "PK", 2) ||
	    (memcmp((const char *)zip + 2, "\3\4", 2) &&
	     memcmp((const char *)zip + 2, "\5\6", 2))) {
		zip_error_fini(&ze);
		whole(out, "val.qti.not_zip", "not a ZIP archive");
		goto out;
	}
	s = zip_source_buffer_create(zip, n, 0, &ze);
	p.z = s ? zip_open_from_source(s, ZIP_RDONLY, &ze) : NULL;
	if (!p.z) {
		whole(out, "val.qti.not_zip", "not a ZIP archive (%s)",
		      zip_error_strerror(&ze));
		if (s)
			zip_source_free(s);
		zip_error_fini(&ze);
		goto out;
	}
	zip_error_fini(&ze);
	entries = zip_get_num_entries(p.z, 0);
	if (entries < 0 || entries > QTI_MAX_ENTRIES) {
		whole(out, "val.qti.entries", "more than %d entries in the package",
		      QTI_MAX_ENTRIES);
		goto out;
	}
	k = pkg_read(&p, MANIFEST, QTI_MAX_MANIFEST);
	if (k) {
		if (k == 1)
			whole(out, "val.qti.no_manifest", "no %s at the package's root",
			      MANIFEST);
		else if (k == 2)
			whole(out, "val.qti.file_big", "%s is longer than %zu bytes",
			      MANIFEST, QTI_MAX_MANIFEST);
		else if (k == 3)
			whole(out, "val.qti.unpacked",
			      "the package unpacks to more than %zu bytes",
			      QTI_MAX_UNPACKED);
		else
			whole(out, "val.qti.not_zip", "%s: a damaged entry", MANIFEST);
		goto out;
	}
	key = read_manifest(&p, &m);
	if (key) {
		if (m.too_many)
			whole(out, key, "more than %d items in the package", QTI_MAX_ITEMS);
		else
			whole(out, key, "%s refused", MANIFEST);
		goto out;
	}
	for (size_t i = 0; i < m.nres; i++)
		if (pkg_item(&p, &m.res[i], out))
			goto out;
	rc = 0;
out:
	if (p.z)
		zip_discard(p.z);
	buf_release(&p.b);
	buf_release(&m.text);
	free(m.res);
	return rc;
}

int qti_package_write(const struct item *items, size_t n, struct buf *out, char *err,
		      size_t errlen)
{
	struct table_zip_entry *e = calloc(n + 1, sizeof(*e));
	struct buf *files = calloc(n + 1, sizeof(*files));
	char(*names)[32] = calloc(n + 1, sizeof(*names));
	struct buf *man;
	int rc = -1;

	if (!e || !files || !names)
		abort();
	for (size_t i = 0; i <= n; i++)
		buf_init(&files[i], 0);
	if (n > QTI_MAX_ITEMS) {
		str_errf(err, errlen, "more than %d items", QTI_MAX_ITEMS);
		goto out;
	}
	man = &files[n];
	buf_puts(man, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<manifest xmlns=\"" NS_CP3 "\"\n"
		      "  xmlns:lom=\"" NS_LOM "\"\n"
		      "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		      "  xsi:schemaLocation=\"" NS_CP3 " https://purl.imsglobal.org/spec/qti/"
		      "v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd\"\n"
		      "  identifier=\"skillcert-items\">\n"
		      "  <metadata>\n"
		      "    <schema>QTI Package</schema>\n"
		      "    <schemaversion>3.0.0</schemaversion>\n"
		      "  </metadata>\n"
		      "  <organizations/>\n"
		      "  <resources>\n");
	for (size_t i = 0; i < n; i++) {
		const char *field;

		if (item_check(&items[i], &field)) {
			str_errf(err, errlen, "item %zu (%s): %s is not complete", i + 1,
				 items[i].ref, field);
			goto out;
		}
		snprintf(names[i], sizeof names[i], "items/item-%05zu.xml", i + 1);
		if (qti_item_write(&items[i], &files[i])) {
			str_errf(err, errlen, "item %zu: too long", i + 1);
			goto out;
		}
		e[i].name = names[i];
		e[i].data = files[i].data;
		e[i].len = files[i].len;
		buf_printf(man,
			   "    <resource identifier=\"item-%05zu\" type=\"imsqti_item_xmlv3p0\" "
			   "href=\"%s\">\n"
			   "      <metadata>\n"
			   "        <lom:lom>\n"
			   "          <lom:general>\n"
			   "            <lom:identifier>\n"
			   "              <lom:catalog>skillcert</lom:catalog>\n"
			   "              <lom:entry>",
			   i + 1, names[i]);
		put_esc(man, items[i].ref);
		buf_puts(man, "</lom:entry>\n"
			      "            </lom:identifier>\n"
			      "          </lom:general>\n"
			      "          <lom:classification>\n"
			      "            <lom:purpose>\n"
			      "              <lom:source>LOMv1.0</lom:source>\n"
			      "              <lom:value>competency</lom:value>\n"
			      "            </lom:purpose>\n"
			      "            <lom:taxonPath>\n"
			      "              <lom:source><lom:string language=\"zh\">"
			      "鉴定要素细目表</lom:string></lom:source>\n"
			      "              <lom:taxon>\n"
			      "                <lom:id>");
		put_esc(man, items[i].point);
		buf_printf(man,
			   "</lom:id>\n"
			   "              </lom:taxon>\n"
			   "            </lom:taxonPath>\n"
			   "          </lom:classification>\n"
			   "        </lom:lom>\n"
			   "      </metadata>\n"
			   "      <file href=\"%s\"/>\n"
			   "    </resource>\n",
			   names[i]);
	}
	buf_puts(man, "  </resources>\n"
		      "</manifest>\n");
	if (buf_failed(man)) {
		str_errf(err, errlen, "the manifest is too long");
		goto out;
	}
	/* the manifest first, as packages usually have it */
	memmove(e + 1, e, n * sizeof(*e));
	e[0].name = MANIFEST;
	e[0].data = man->data;
	e[0].len = man->len;
	rc = table_write_zip(e, n + 1, out, err, errlen);
out:
	for (size_t i = 0; i <= n; i++)
		buf_release(&files[i]);
	free(files);
	free(names);
	free(e);
	return rc;
}

/* ---- the item writers' spreadsheet ---- */

struct sheet {
	struct qti_import *im;
	bool header;
	struct itemsheet_map map;
	size_t rows;
};

static int sheet_row(const struct table_row *row, void *arg)
{
	struct sheet *s = arg;
	const char *field, *key;
	struct item it;

	if (itemsheet_blank(row->cols, row->ncols))
		return 0;
	if (!s->header) {
		key = itemsheet_header(row->cols, row->ncols, &s->map, &field);
		if (key) {
			whole(s->im, key, "line %zu: the header lacks or repeats column %s",
			      row->line, field);
			return 1;
		}
		s->header = true;
		return 0;
	}
	if (++s->rows > QTI_MAX_ITEMS) {
		whole(s->im, "val.itemsheet.rows_many", "more than %d rows", QTI_MAX_ITEMS);
		return 1;
	}
	key = itemsheet_row(&s->map, row->cols, row->ncols, &it, &field);
	if (key) {
		struct qti_refusal *f = push_refusal(s->im, key, field);
		long c = s->map.col[ITEMSHEET_REF];

		f->line = row->line;
		if (c >= 0 && (size_t)c < row->ncols)
			snprintf(f->ref, sizeof f->ref, "%s", row->cols[c]);
		return 0;
	}
	push_item(s->im, &it);
	return 0;
}

int qti_sheet_read(const void *data, size_t n, struct qti_import *out)
{
	struct sheet s;
	char err[256];
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof s);
	s.im = out;
	rc = table_read_mem(data, n, TABLE_AUTO, sheet_row, &s, err, sizeof err);
	if (rc < 0)
		return whole(out, "val.itemsheet.not_table", "%s", err);
	if (rc > 0)
		return -1; /* refused as a whole by sheet_row */
	if (!s.header)
		return whole(out, "val.itemsheet.empty", "no header row");
	return 0;
}

struct sheet_out {
	const struct item *items;
	size_t n, i;
	char key[ITEM_MAX_OPTIONS + 1];
};

static int sheet_next(void *arg, const char **cols)
{
	struct sheet_out *o = arg;

	if (o->i == o->n)
		return 0;
	itemsheet_cells(&o->items[o->i++], o->key, cols);
	return 1;
}

int qti_sheet_write(const struct item *items, size_t n, struct buf *out, char *err,
		    size_t errlen)
{
	const char *header[ITEMSHEET_NCOLS];
	struct sheet_out o = {.items = items, .n = n};

	for (int c = 0; c < ITEMSHEET_NCOLS; c++)
		header[c] = itemsheet_title((enum itemsheet_col)c, true);
	return table_write_xlsx("试题", ITEMSHEET_NCOLS, header, sheet_next, &o, out, err,
				errlen);
}
