/*
 * test_qti.c - services/qti: QTI 3.0 items as TAO exports them (single,
 * multiple with an explanation, true/false) and a QTI 2.1 item read into
 * items; items -> package -> items equal in every field (knowledge point
 * included, carried by the manifest's LOM classification) and the same
 * items giving the same bytes; each refusal of an item (another
 * interaction, two interactions, a key naming no choice, a DOCTYPE with
 * an entity, too deep, an image, MathML, XInclude, inline response
 * processing, not an item) and of a package (not a zip, no manifest, too many entries, too
 * many items, too many bytes unpacked, an item file too big, a manifest
 * too big or too deep, an href escaping the package or absolute, a file missing),
 * the other items of the package kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/qti.h"
#include "services/table.h"

#define QTI3_NS "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
#define MATCH3 "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"

/* A QTI 3.0 single-choice item as TAO 2024 exports it: the question in
 * the interaction's prompt, layout divs, <strong> inline, TAO's choice
 * identifiers; the knowledge point as data-point on the body. */
static const char tao_single[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<qti-assessment-item xmlns=\"" QTI3_NS "\"\n"
	"  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	"  identifier=\"i170100000001\" title=\"量具\" label=\"量具\" xml:lang=\"zh-CN\"\n"
	"  adaptive=\"false\" time-dependent=\"false\" tool-name=\"TAO\" tool-version=\"2024.06\">\n"
	"  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" "
	"base-type=\"identifier\">\n"
	"    <qti-correct-response>\n"
	"      <qti-value>choice_2</qti-value>\n"
	"    </qti-correct-response>\n"
	"  </qti-response-declaration>\n"
	"  <qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" "
	"base-type=\"float\" normal-maximum=\"1\"/>\n"
	"  <qti-outcome-declaration identifier=\"MAXSCORE\" cardinality=\"single\" "
	"base-type=\"float\">\n"
	"    <qti-default-value><qti-value>1</qti-value></qti-default-value>\n"
	"  </qti-outcome-declaration>\n"
	"  <qti-item-body data-point=\"A-01-002\">\n"
	"    <div class=\"grid-row\">\n"
	"      <div class=\"col-12\">\n"
	"        <qti-choice-interaction response-identifier=\"RESPONSE\" shuffle=\"false\" "
	"max-choices=\"1\" min-choices=\"0\" orientation=\"vertical\">\n"
	"          <qti-prompt>测量车床主轴的<strong>径向圆跳动</strong>，应使用</qti-prompt>\n"
	"          <qti-simple-choice identifier=\"choice_1\" fixed=\"false\" "
	"show-hide=\"show\">游标卡尺</qti-simple-choice>\n"
	"          <qti-simple-choice identifier=\"choice_2\" fixed=\"false\" "
	"show-hide=\"show\">百分表</qti-simple-choice>\n"
	"          <qti-simple-choice identifier=\"choice_3\" fixed=\"false\" "
	"show-hide=\"show\">千分尺</qti-simple-choice>\n"
	"          <qti-simple-choice identifier=\"choice_4\" fixed=\"false\" "
	"show-hide=\"show\">塞尺</qti-simple-choice>\n"
	"        </qti-choice-interaction>\n"
	"      </div>\n"
	"    </div>\n"
	"  </qti-item-body>\n"
	"  <qti-response-processing template=\"" MATCH3 "\"/>\n"
	"</qti-assessment-item>\n";

/* Multiple choice: a stem paragraph before the interaction, &amp; and a
 * character reference in the text, a modal feedback as the explanation. */
static const char tao_multi[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<qti-assessment-item xmlns=\"" QTI3_NS "\" identifier=\"M-7\" title=\"安全\" "
	"adaptive=\"false\" time-dependent=\"false\">\n"
	"  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" "
	"base-type=\"identifier\">\n"
	"    <qti-correct-response>\n"
	"      <qti-value>A</qti-value>\n"
	"      <qti-value>C</qti-value>\n"
	"    </qti-correct-response>\n"
	"  </qti-response-declaration>\n"
	"  <qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" "
	"base-type=\"float\"/>\n"
	"  <qti-outcome-declaration identifier=\"FEEDBACK\" cardinality=\"single\" "
	"base-type=\"identifier\"/>\n"
	"  <qti-item-body data-point=\"B-02-001\">\n"
	"    <p>下列做法中，属于安全操作规程的有</p>\n"
	"    <p>（R&amp;D 车间&#x3002;）</p>\n"
	"    <qti-choice-interaction response-identifier=\"RESPONSE\" max-choices=\"0\">\n"
	"      <qti-simple-choice identifier=\"A\">戴防护眼镜</qti-simple-choice>\n"
	"      <qti-simple-choice identifier=\"B\">戴手套操作   钻床</qti-simple-choice>\n"
	"      <qti-simple-choice identifier=\"C\">停机后清理切屑</qti-simple-choice>\n"
	"    </qti-choice-interaction>\n"
	"  </qti-item-body>\n"
	"  <qti-response-processing template=\"" MATCH3 "\"/>\n"
	"  <qti-modal-feedback outcome-identifier=\"FEEDBACK\" show-hide=\"show\" "
	"identifier=\"EXPLANATION\">\n"
	"    <qti-content-body><p>旋转设备不得戴手套。</p></qti-content-body>\n"
	"  </qti-modal-feedback>\n"
	"</qti-assessment-item>\n";

/* True/false as TAO writes it: a two-choice single item 正确/错误. */
static const char tao_tf[] =
	"<qti-assessment-item xmlns=\"" QTI3_NS "\" identifier=\"TF-1\" title=\"t\" "
	"adaptive=\"false\" time-dependent=\"false\">\n"
	"  <qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" "
	"base-type=\"identifier\">\n"
	"    <qti-correct-response><qti-value>choice_no</qti-value></qti-correct-response>\n"
	"  </qti-response-declaration>\n"
	"  <qti-item-body data-point=\"C-03\">\n"
	"    <p>砂轮可以用侧面磨削工件。</p>\n"
	"    <qti-choice-interaction response-identifier=\"RESPONSE\" max-choices=\"1\">\n"
	"      <qti-simple-choice identifier=\"choice_yes\">正确</qti-simple-choice>\n"
	"      <qti-simple-choice identifier=\"choice_no\">错误</qti-simple-choice>\n"
	"    </qti-choice-interaction>\n"
	"  </qti-item-body>\n"
	"  <qti-response-processing template=\"" MATCH3 "\"/>\n"
	"</qti-assessment-item>\n";

/* QTI 2.1 as TAO 3.x and most banks export it. */
static const char qti21[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\" "
	"identifier=\"Q21-5\" title=\"t\" adaptive=\"false\" timeDependent=\"false\">\n"
	"  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" "
	"baseType=\"identifier\">\n"
	"    <correctResponse><value>ChoiceB</value></correctResponse>\n"
	"  </responseDeclaration>\n"
	"  <outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\"/>\n"
	"  <itemBody>\n"
	"    <choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\" "
	"maxChoices=\"1\">\n"
	"      <prompt>45 钢属于<em>中碳钢</em>还是</prompt>\n"
	"      <simpleChoice identifier=\"ChoiceA\">低碳钢</simpleChoice>\n"
	"      <simpleChoice identifier=\"ChoiceB\">中碳钢</simpleChoice>\n"
	"    </choiceInteraction>\n"
	"  </itemBody>\n"
	"  <responseProcessing "
	"template=\"http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct\"/>\n"
	"  <modalFeedback outcomeIdentifier=\"FEEDBACK\" showHide=\"show\" "
	"identifier=\"F\">含碳量 0.45%。</modalFeedback>\n"
	"</assessmentItem>\n";

static int read_item(const char *xml, struct item *it, const char **field, char *why)
{
	return qti_item_read(xml, strlen(xml), it, field, why, 64);
}

static void test_tao_single(void **state)
{
	struct item it;
	const char *field = "x";
	char why[64] = "";

	(void)state;
	assert_int_equal(read_item(tao_single, &it, &field, why), 0);
	assert_null(field);
	assert_string_equal(it.ref, "i170100000001");
	assert_int_equal(it.kind, ITEM_SINGLE);
	assert_string_equal(it.point, "A-01-002");
	assert_string_equal(it.stem, "测量车床主轴的径向圆跳动，应使用");
	assert_int_equal(it.noptions, 4);
	assert_string_equal(it.options[0], "游标卡尺");
	assert_string_equal(it.options[3], "塞尺");
	assert_int_equal(it.key, 2u);
	assert_null(it.explanation);
	item_clear(&it);
}

static void test_tao_multi(void **state)
{
	struct item it;
	const char *field;
	char why[64] = "";

	(void)state;
	assert_int_equal(read_item(tao_multi, &it, &field, why), 0);
	assert_int_equal(it.kind, ITEM_MULTI);
	assert_string_equal(it.ref, "M-7");
	assert_string_equal(it.point, "B-02-001");
	assert_string_equal(it.stem, "下列做法中，属于安全操作规程的有\n（R&D 车间。）");
	assert_int_equal(it.noptions, 3);
	assert_string_equal(it.options[1], "戴手套操作 钻床");
	assert_int_equal(it.key, 5u);
	assert_string_equal(it.explanation, "旋转设备不得戴手套。");
	item_clear(&it);
}

static void test_tao_tf(void **state)
{
	struct item it;
	const char *field;
	char why[64] = "";

	(void)state;
	assert_int_equal(read_item(tao_tf, &it, &field, why), 0);
	assert_int_equal(it.kind, ITEM_TF);
	assert_int_equal(it.noptions, 0);
	assert_int_equal(it.key, 2u); /* false */
	assert_string_equal(it.stem, "砂轮可以用侧面磨削工件。");
	item_clear(&it);
}

/* xml with from replaced by to (once), malloc'd. */
static char *edit(const char *xml, const char *from, const char *to)
{
	const char *at = strstr(xml, from);
	size_t n = strlen(xml) + strlen(to) + 1;
	char *s = malloc(n);

	assert_non_null(at);
	snprintf(s, n, "%.*s%s%s", (int)(at - xml), xml, to, at + strlen(from));
	return s;
}

static void test_qti21(void **state)
{
	struct item it;
	const char *field;
	char why[64] = "";

	(void)state;
	/* 2.1 has no data-point here: the point is missing */
	assert_int_equal(read_item(qti21, &it, &field, why), -1);
	assert_string_equal(why, "val.item.point");
	assert_string_equal(field, "point");
	{
		/* with the point on the body it is complete */
		char *x = edit(qti21, "<itemBody>", "<itemBody data-point=\"D-1\">");

		assert_int_equal(read_item(x, &it, &field, why), 0);
		assert_string_equal(it.ref, "Q21-5");
		assert_int_equal(it.kind, ITEM_SINGLE);
		assert_string_equal(it.stem, "45 钢属于中碳钢还是");
		assert_string_equal(it.options[0], "低碳钢");
		assert_int_equal(it.key, 2u);
		assert_string_equal(it.explanation, "含碳量 0.45%。");
		item_clear(&it);
		free(x);
	}
}

static void refused(const char *xml, const char *key, const char *want_field)
{
	struct item it;
	const char *field = "x";
	char why[64] = "";

	assert_int_equal(qti_item_read(xml, strlen(xml), &it, &field, why, sizeof why), -1);
	assert_string_equal(why, key);
	if (want_field)
		assert_string_equal(field, want_field);
	else
		assert_null(field);
	assert_null(it.stem); /* cleared */
}

static void test_item_refusals(void **state)
{
	char *x, deep[4096];
	size_t n = 0;

	(void)state;
	/* another interaction */
	x = edit(tao_single, "</qti-item-body>",
		 "<qti-text-entry-interaction response-identifier=\"R2\"/></qti-item-body>");
	refused(x, "val.qti.interaction", NULL);
	free(x);
	/* the end tag no longer matches, but the start is refused first */
	x = edit(qti21, "<choiceInteraction", "<orderInteraction");
	refused(x, "val.qti.interaction", NULL);
	free(x);
	/* two choice interactions */
	x = edit(tao_single, "</qti-item-body>",
		 "<qti-choice-interaction response-identifier=\"RESPONSE\">"
		 "<qti-simple-choice identifier=\"z\">z</qti-simple-choice>"
		 "</qti-choice-interaction></qti-item-body>");
	refused(x, "val.qti.interactions", NULL);
	free(x);
	/* a key naming no choice */
	x = edit(tao_single, "<qti-value>choice_2</qti-value>",
		 "<qti-value>choice_9</qti-value>");
	refused(x, "val.qti.key_unknown", "key");
	free(x);
	/* no key */
	x = edit(tao_single, "<qti-value>choice_2</qti-value>", "");
	refused(x, "val.qti.key_missing", "key");
	free(x);
	/* a single-choice key of two choices */
	x = edit(tao_single, "<qti-value>choice_2</qti-value>",
		 "<qti-value>choice_2</qti-value><qti-value>choice_3</qti-value>");
	refused(x, "val.item.key_single", "key");
	free(x);
	/* a DOCTYPE with an entity (the billion laughs start this way) */
	refused("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n"
		"<qti-assessment-item xmlns=\"" QTI3_NS "\">&lol;</qti-assessment-item>",
		"val.qti.dtd", NULL);
	refused("<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>", "val.qti.dtd", NULL);
	/* too deep: QTI_MAX_DEPTH + 1 levels inside the body */
	for (int i = 0; i < QTI_MAX_DEPTH; i++)
		n += (size_t)snprintf(deep + n, sizeof deep - n, "<div>");
	x = edit(tao_single, "<div class=\"grid-row\">", deep);
	refused(x, "val.qti.depth", NULL);
	free(x);
	/* an image in the stem, a table */
	x = edit(tao_single, "<strong>", "<img src=\"a.png\" alt=\"\"/><strong>");
	refused(x, "val.qti.media", "stem");
	free(x);
	x = edit(tao_single, ">百分表<", "><table><tr><td>1</td></tr></table><");
	refused(x, "val.qti.media", "options");
	free(x);
	/* MathML; markup of another vocabulary (XInclude would fetch a file) */
	x = edit(tao_single, "<strong>",
		 "<m:math xmlns:m=\"http://www.w3.org/1998/Math/MathML\"><m:mi>x</m:mi>"
		 "</m:math><strong>");
	refused(x, "val.qti.media", "stem");
	free(x);
	x = edit(tao_single, "<strong>",
		 "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"a.xml\"/>"
		 "<strong>");
	refused(x, "val.qti.markup", "stem");
	free(x);
	/* response processing of its own, another template, none */
	x = edit(tao_single, "<qti-response-processing template=\"" MATCH3 "\"/>",
		 "<qti-response-processing><qti-response-condition/>"
		 "</qti-response-processing>");
	refused(x, "val.qti.processing", NULL);
	free(x);
	x = edit(tao_single, "match_correct.xml", "map_response.xml");
	refused(x, "val.qti.processing", NULL);
	free(x);
	x = edit(tao_single, "<qti-response-processing template=\"" MATCH3 "\"/>", "");
	refused(x, "val.qti.processing", NULL);
	free(x);
	/* not an item, not XML, another namespace */
	refused("<qti-assessment-test xmlns=\"" QTI3_NS "\"/>", "val.qti.not_item", NULL);
	refused("<qti-assessment-item><x/></qti-assessment-item>", "val.qti.not_item", NULL);
	refused("<qti-assessment-item xmlns=\"" QTI3_NS "\"", "val.qti.xml", NULL);
	refused("", "val.qti.xml", NULL);
	/* more than ITEM_MAX_OPTIONS choices; two with one identifier */
	{
		char opts[2048];

		n = 0;
		for (int i = 0; i < ITEM_MAX_OPTIONS; i++)
			n += (size_t)snprintf(opts + n, sizeof opts - n,
					      "<qti-simple-choice identifier=\"x%d\">%d"
					      "</qti-simple-choice>",
					      i, i);
		snprintf(opts + n, sizeof opts - n, "</qti-choice-interaction>");
		x = edit(tao_single, "</qti-choice-interaction>", opts);
		refused(x, "val.qti.choices", "options");
		free(x);
	}
	x = edit(tao_single, "choice_3", "choice_1");
	refused(x, "val.qti.choice_id", "options");
	free(x);
	/* an identifier longer than a ref */
	{
		char id[ITEM_REF_MAX + 16];

		memset(id, 'a', ITEM_REF_MAX);
		id[ITEM_REF_MAX] = '\0';
		x = edit(tao_single, "i170100000001", id);
		refused(x, "val.item.ref", "ref");
		free(x);
	}
}

/* ---- items out and back ---- */

static void make_items(struct item *it)
{
	memset(it, 0, 4 * sizeof(*it));
	snprintf(it[0].ref, sizeof it[0].ref, "001");
	it[0].kind = ITEM_SINGLE;
	snprintf(it[0].point, sizeof it[0].point, "A-01-001");
	it[0].stem = strdup("读图 <A> & \"B\" 'C'\n第二行");
	it[0].noptions = 3;
	it[0].options[0] = strdup("x < y");
	it[0].options[1] = strdup("a & b");
	it[0].options[2] = strdup("\"q\"");
	it[0].key = 4;
	it[0].explanation = strdup("见 GB/T 1800。\n另见附录");
	snprintf(it[1].ref, sizeof it[1].ref, "M/02");
	it[1].kind = ITEM_MULTI;
	snprintf(it[1].point, sizeof it[1].point, "B-02-003");
	it[1].stem = strdup("多选");
	it[1].noptions = ITEM_MAX_OPTIONS;
	for (int i = 0; i < ITEM_MAX_OPTIONS; i++) {
		char o[32];

		snprintf(o, sizeof o, "选项%c", 'A' + i);
		it[1].options[i] = strdup(o);
	}
	it[1].key = 0x81;
	snprintf(it[2].ref, sizeof it[2].ref, "TF-3");
	it[2].kind = ITEM_TF;
	snprintf(it[2].point, sizeof it[2].point, "C-9");
	it[2].stem = strdup("对吗");
	it[2].key = 1;
	snprintf(it[3].ref, sizeof it[3].ref, "TF-4");
	it[3].kind = ITEM_TF;
	snprintf(it[3].point, sizeof it[3].point, "C-9");
	it[3].stem = strdup("错吗");
	it[3].key = 2;
	it[3].explanation = strdup("错");
}

static void assert_items_equal(const struct item *a, const struct item *b)
{
	assert_string_equal(a->ref, b->ref);
	assert_int_equal(a->kind, b->kind);
	assert_string_equal(a->point, b->point);
	assert_string_equal(a->stem, b->stem);
	assert_int_equal(a->noptions, b->noptions);
	for (int i = 0; i < a->noptions; i++)
		assert_string_equal(a->options[i], b->options[i]);
	assert_int_equal(a->key, b->key);
	if (a->explanation)
		assert_string_equal(a->explanation, b->explanation);
	else
		assert_null(b->explanation);
}

static void test_round_trip(void **state)
{
	struct item it[4];
	struct buf a, b;
	struct qti_import im;
	char err[256] = "";

	(void)state;
	make_items(it);
	buf_init(&a, 0);
	buf_init(&b, 0);
	assert_int_equal(qti_package_write(it, 4, &a, err, sizeof err), 0);
	assert_int_equal(qti_package_write(it, 4, &b, err, sizeof err), 0);
	/* the same items, the same bytes */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_int_equal(qti_package_read(a.data, a.len, &im), 0);
	assert_null(im.error);
	assert_int_equal(im.nrefused, 0);
	assert_int_equal(im.nitems, 4);
	for (int i = 0; i < 4; i++)
		assert_items_equal(&it[i], &im.items[i]);
	qti_import_release(&im);

	/* one item alone: data-point carries the point */
	buf_reset(&a);
	assert_int_equal(qti_item_write(&it[0], &a), 0);
	{
		struct item back;
		const char *field;
		char why[64];

		assert_int_equal(
			qti_item_read(a.data, a.len, &back, &field, why, sizeof why), 0);
		assert_items_equal(&it[0], &back);
		item_clear(&back);
	}
	/* an incomplete item is not written */
	free(it[2].stem);
	it[2].stem = NULL;
	buf_reset(&a);
	assert_int_equal(qti_item_write(&it[2], &a), -1);
	assert_int_equal(qti_package_write(it, 4, &a, err, sizeof err), -1);
	assert_non_null(strstr(err, "item 3"));
	for (int i = 0; i < 4; i++)
		item_clear(&it[i]);
	buf_release(&a);
	buf_release(&b);
}

/* ---- packages ---- */

#define RES3(id, href) \
	"<resource identifier=\"" id "\" type=\"imsqti_item_xmlv3p0\" href=\"" href "\">" \
	"<metadata><lom:lom><lom:classification><lom:purpose><lom:source>LOMv1.0" \
	"</lom:source><lom:value>competency</lom:value></lom:purpose><lom:taxonPath>" \
	"<lom:taxon><lom:id>P-" id "</lom:id></lom:taxon></lom:taxonPath>" \
	"</lom:classification></lom:lom></metadata></resource>"
#define MANIFEST_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest " \
	"xmlns=\"http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1\" " \
	"xmlns:lom=\"http://ltsc.ieee.org/xsd/LOM\" identifier=\"m\"><resources>"
#define MANIFEST_TAIL "</resources></manifest>"

static void zip_of(const struct table_zip_entry *e, size_t n, struct buf *out)
{
	char err[256];

	buf_init(out, (size_t)256 << 20);
	assert_int_equal(table_write_zip(e, n, out, err, sizeof err), 0);
}

static int read_pkg(const struct table_zip_entry *e, size_t n, struct qti_import *im)
{
	struct buf z;
	int rc;

	zip_of(e, n, &z);
	rc = qti_package_read(z.data, z.len, im);
	buf_release(&z);
	return rc;
}

static void test_package_tao(void **state)
{
	/* TAO's items carry no data-point: the manifest gives the points */
	char *single = edit(tao_single, " data-point=\"A-01-002\"", "");
	const char *man = MANIFEST_HEAD
		RES3("r1", "items/i1/qti.xml") "<resource identifier=\"css\" type=\"webcontent\" href=\"style.css\"/>" RES3(
			"r2", "items/i2/qti.xml") RES3("r3", "../evil.xml")
			RES3("r4", "/etc/passwd") RES3("r5", "items/none.xml")
				RES3("r6", "items/bad.xml") RES3("r7", "items/big.xml")
					RES3("r8", "http://x/y.xml") MANIFEST_TAIL;
	char *big = malloc(QTI_MAX_FILE + 2);
	struct table_zip_entry e[] = {
		{"imsmanifest.xml", man, strlen(man)},
		{"items/i1/qti.xml", single, strlen(single)},
		{"items/i2/qti.xml", tao_multi, strlen(tao_multi)},
		{"evil.xml", tao_tf, strlen(tao_tf)},
		{"items/bad.xml", "<x/>", 4},
		{"items/big.xml", big, QTI_MAX_FILE + 1},
		{"style.css", "p{}", 3},
	};
	struct qti_import im;

	(void)state;
	memset(big, ' ', QTI_MAX_FILE + 1);
	assert_int_equal(read_pkg(e, sizeof e / sizeof e[0], &im), 0);
	assert_int_equal(im.nitems, 2);
	assert_string_equal(im.items[0].ref, "i170100000001");
	assert_string_equal(im.items[0].point, "P-r1");
	assert_int_equal(im.items[0].key, 2u);
	/* the manifest's point wins over data-point */
	assert_string_equal(im.items[1].point, "P-r2");
	assert_int_equal(im.items[1].kind, ITEM_MULTI);
	assert_int_equal(im.nrefused, 6);
	assert_string_equal(im.refused[0].where, "r3");
	assert_string_equal(im.refused[0].key, "val.qti.href");
	assert_string_equal(im.refused[1].where, "r4");
	assert_string_equal(im.refused[1].key, "val.qti.href");
	assert_string_equal(im.refused[2].where, "items/none.xml");
	assert_string_equal(im.refused[2].key, "val.qti.file_missing");
	assert_string_equal(im.refused[3].where, "items/bad.xml");
	assert_string_equal(im.refused[3].key, "val.qti.not_item");
	assert_string_equal(im.refused[4].where, "items/big.xml");
	assert_string_equal(im.refused[4].key, "val.qti.file_big");
	assert_string_equal(im.refused[5].key, "val.qti.href");
	qti_import_release(&im);
	free(single);
	free(big);
}

/* A refusal carries the item's identifier and the field. */
static void test_package_refusal_names_item(void **state)
{
	char *bad = edit(tao_single, "<qti-value>choice_2</qti-value>",
			 "<qti-value>nope</qti-value>");
	const char *man = MANIFEST_HEAD RES3("r1", "a.xml") MANIFEST_TAIL;
	struct table_zip_entry e[] = {{"imsmanifest.xml", man, strlen(man)},
				      {"a.xml", bad, strlen(bad)}};
	struct qti_import im;

	(void)state;
	assert_int_equal(read_pkg(e, 2, &im), 0);
	assert_int_equal(im.nitems, 0);
	assert_int_equal(im.nrefused, 1);
	assert_string_equal(im.refused[0].where, "a.xml");
	assert_string_equal(im.refused[0].ref, "i170100000001");
	assert_string_equal(im.refused[0].field, "key");
	assert_string_equal(im.refused[0].key, "val.qti.key_unknown");
	qti_import_release(&im);
	free(bad);
}

static void whole_refusal(const struct table_zip_entry *e, size_t n, const char *key)
{
	struct qti_import im;

	assert_int_equal(read_pkg(e, n, &im), -1);
	assert_non_null(im.error);
	assert_string_equal(im.error, key);
	assert_int_equal(im.nitems, 0);
	assert_null(im.items);
	qti_import_release(&im);
}

static void test_package_refusals(void **state)
{
	struct qti_import im;
	const char *man = MANIFEST_HEAD RES3("r1", "a.xml") MANIFEST_TAIL;

	(void)state;
	/* not a zip */
	assert_int_equal(qti_package_read("hello", 5, &im), -1);
	assert_string_equal(im.error, "val.qti.not_zip");
	qti_import_release(&im);
	assert_int_equal(qti_package_read("", 0, &im), -1);
	assert_string_equal(im.error, "val.qti.not_zip");
	qti_import_release(&im);
	/* no manifest (one in a folder is not the package's) */
	{
		struct table_zip_entry e[] = {{"x/imsmanifest.xml", man, strlen(man)},
					      {"a.xml", tao_tf, strlen(tao_tf)}};

		whole_refusal(e, 2, "val.qti.no_manifest");
	}
	/* a manifest that is not one, or declares a DTD */
	{
		struct table_zip_entry e[] = {{"imsmanifest.xml", "<html/>", 7}};

		whole_refusal(e, 1, "val.qti.manifest");
		e[0].data = "<!DOCTYPE manifest [<!ENTITY a \"b\">]><manifest/>";
		e[0].len = strlen(e[0].data);
		whole_refusal(e, 1, "val.qti.dtd");
	}
	/* a manifest too deep */
	{
		struct buf m;
		struct table_zip_entry e[1];

		buf_init(&m, 0);
		buf_puts(&m, "<manifest>");
		for (int i = 0; i < QTI_MAX_DEPTH; i++)
			buf_puts(&m, "<a>");
		for (int i = 0; i < QTI_MAX_DEPTH; i++)
			buf_puts(&m, "</a>");
		buf_puts(&m, "</manifest>");
		e[0] = (struct table_zip_entry){"imsmanifest.xml", m.data, m.len};
		whole_refusal(e, 1, "val.qti.depth");
		buf_release(&m);
	}
}

static void test_package_too_many_entries(void **state)
{
	const char *man = MANIFEST_HEAD MANIFEST_TAIL;
	size_t n = QTI_MAX_ENTRIES + 1;
	struct table_zip_entry *e = calloc(n, sizeof(*e));
	char(*names)[16] = calloc(n, sizeof(*names));

	(void)state;
	e[0] = (struct table_zip_entry){"imsmanifest.xml", man, strlen(man)};
	for (size_t i = 1; i < n; i++) {
		snprintf(names[i], sizeof names[i], "f%zu", i);
		e[i] = (struct table_zip_entry){names[i], "", 0};
	}
	whole_refusal(e, n, "val.qti.entries");
	/* at the limit it is read */
	{
		struct qti_import im;

		assert_int_equal(read_pkg(e, n - 1, &im), 0);
		qti_import_release(&im);
	}
	free(e);
	free(names);
}

static void test_package_too_many_items(void **state)
{
	struct buf m;
	struct table_zip_entry e[1];

	(void)state;
	buf_init(&m, 0);
	buf_puts(&m, MANIFEST_HEAD);
	for (int i = 0; i <= QTI_MAX_ITEMS; i++)
		buf_printf(&m,
			   "<resource identifier=\"r%d\" type=\"imsqti_item_xmlv2p1\" "
			   "href=\"i%d.xml\"/>",
			   i, i);
	buf_puts(&m, MANIFEST_TAIL);
	e[0] = (struct table_zip_entry){"imsmanifest.xml", m.data, m.len};
	whole_refusal(e, 1, "val.qti.items_many");
	buf_release(&m);
}

static void test_package_manifest_big(void **state)
{
	/* a manifest one byte over its limit (white space after the root) */
	const char *man = MANIFEST_HEAD MANIFEST_TAIL;
	size_t n = QTI_MAX_MANIFEST + 1;
	char *m = malloc(n);
	struct table_zip_entry e[1];

	(void)state;
	memset(m, ' ', n);
	memcpy(m, man, strlen(man));
	e[0] = (struct table_zip_entry){"imsmanifest.xml", m, n};
	whole_refusal(e, 1, "val.qti.file_big");
	/* at the limit it is read */
	{
		struct qti_import im;

		e[0].len = n - 1;
		assert_int_equal(read_pkg(e, 1, &im), 0);
		qti_import_release(&im);
	}
	free(m);
}

static void test_package_unpacked(void **state)
{
	/* files of QTI_MAX_FILE bytes each, one more than the package may
	 * unpack to in all */
	size_t n = QTI_MAX_UNPACKED / QTI_MAX_FILE + 1;
	struct table_zip_entry *e = calloc(n + 1, sizeof(*e));
	char(*names)[16] = calloc(n + 1, sizeof(*names));
	char *blank = malloc(QTI_MAX_FILE);
	struct buf m;

	(void)state;
	memset(blank, ' ', QTI_MAX_FILE);
	buf_init(&m, 0);
	buf_puts(&m, MANIFEST_HEAD);
	for (size_t i = 1; i <= n; i++) {
		snprintf(names[i], sizeof names[i], "i%zu.xml", i);
		e[i] = (struct table_zip_entry){names[i], blank, QTI_MAX_FILE};
		buf_printf(&m,
			   "<resource identifier=\"r%zu\" type=\"imsqti_item_xmlv3p0\" "
			   "href=\"%s\"/>",
			   i, names[i]);
	}
	buf_puts(&m, MANIFEST_TAIL);
	e[0] = (struct table_zip_entry){"imsmanifest.xml", m.data, m.len};
	whole_refusal(e, n + 1, "val.qti.unpacked");
	buf_release(&m);
	free(blank);
	free(e);
	free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tao_single),
		cmocka_unit_test(test_tao_multi),
		cmocka_unit_test(test_tao_tf),
		cmocka_unit_test(test_qti21),
		cmocka_unit_test(test_item_refusals),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_package_tao),
		cmocka_unit_test(test_package_refusal_names_item),
		cmocka_unit_test(test_package_refusals),
		cmocka_unit_test(test_package_too_many_entries),
		cmocka_unit_test(test_package_too_many_items),
		cmocka_unit_test(test_package_manifest_big),
		cmocka_unit_test(test_package_unpacked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
