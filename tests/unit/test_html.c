/*
 * test_html.c - base/html: html_printf escapes every %s for text and
 * quoted-attribute context, prints %d/%ld/%lld/%zu, and leaves its
 * (trusted) template text alone; html_url percent-encodes; html_text and
 * html_raw.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "base/html.h"

static int setup(void **state)
{
	static struct buf b;

	buf_init(&b, 0);
	*state = &b;
	return 0;
}

static int teardown(void **state)
{
	buf_release(*state);
	return 0;
}

static void test_s_text(void **state)
{
	struct buf *b = *state;

	html_printf(b, "<p>%s</p>", "<script>alert('x') & \"y\"</script>");
	assert_string_equal(b->data, "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; "
				     "&quot;y&quot;&lt;/script&gt;</p>");
}

static void test_s_attribute(void **state)
{
	struct buf *b = *state;

	/* quote breakout attempts in both quote styles */
	html_printf(b, "<input value=\"%s\"><a title='%s'>", "\" onmouseover=\"x",
		    "' onclick='y");
	assert_string_equal(b->data, "<input value=\"&quot; onmouseover=&quot;x\">"
				     "<a title='&#39; onclick=&#39;y'>");
}

static void test_s_each_char(void **state)
{
	struct buf *b = *state;

	html_printf(b, "%s", "&");
	assert_string_equal(b->data, "&amp;");
	buf_reset(b);
	html_printf(b, "%s", "<");
	assert_string_equal(b->data, "&lt;");
	buf_reset(b);
	html_printf(b, "%s", ">");
	assert_string_equal(b->data, "&gt;");
	buf_reset(b);
	html_printf(b, "%s", "\"");
	assert_string_equal(b->data, "&quot;");
	buf_reset(b);
	html_printf(b, "%s", "'");
	assert_string_equal(b->data, "&#39;");
	buf_reset(b);
	/* already-escaped text is escaped again (no double-decoding games) */
	html_printf(b, "%s", "&amp;");
	assert_string_equal(b->data, "&amp;amp;");
}

static void test_s_passthrough(void **state)
{
	struct buf *b = *state;
	const char *volatile none = NULL; /* NULL prints nothing (not for printf) */

	html_printf(b, "%s|%s|%s", "机械工业 ok", "", none);
	assert_string_equal(b->data, "机械工业 ok||");
}

static void test_template_not_escaped(void **state)
{
	struct buf *b = *state;

	html_printf(b, "<a href=\"/x?a=1&b=2\" class='c'>%s</a>", "t");
	assert_string_equal(b->data, "<a href=\"/x?a=1&b=2\" class='c'>t</a>");
}

static void test_percent_literal(void **state)
{
	struct buf *b = *state;

	html_printf(b, "<td>%d%%</td>", 50);
	assert_string_equal(b->data, "<td>50%</td>");
}

static void test_url(void **state)
{
	struct buf *b = *state;

	html_raw(b, "<a href=\"/institutions?q=");
	html_url(b, "机构 a&b=\"c\"<");
	html_printf(b, "&amp;p=%d\">", 2);
	assert_string_equal(b->data,
			    "<a href=\"/institutions?q=%E6%9C%BA%E6%9E%84%20a%26b%3D%22c%22%3C"
			    "&amp;p=2\">");
	buf_reset(b);
	html_url(b, "a-b_c.d~e");
	assert_string_equal(b->data, "a-b_c.d~e");
	buf_reset(b);
	html_url(b, NULL);
	assert_string_equal(b->data, "");
	html_url(b, "' onerror='x");
	assert_null(strchr(b->data, '\''));
	assert_null(strchr(b->data, ' '));
}

static void test_integers(void **state)
{
	struct buf *b = *state;

	html_printf(b, "%d %d %d", 0, -7, INT_MAX);
	assert_string_equal(b->data, "0 -7 2147483647");
	buf_reset(b);
	html_printf(b, "%lld|%lld", LLONG_MAX, LLONG_MIN);
	assert_string_equal(b->data, "9223372036854775807|-9223372036854775808");
	buf_reset(b);
	html_printf(b, "%ld/%s", -5L, "<");
	assert_string_equal(b->data, "-5/&lt;");
	buf_reset(b);
	html_printf(b, "%zu rows", (size_t)42);
	assert_string_equal(b->data, "42 rows");
}

static void test_mixed_args_order(void **state)
{
	struct buf *b = *state;

	html_printf(b, "<tr id=\"r%lld\"><td>%s</td><td><a href=\"/x/%s\">%d</a></td></tr>",
		    12345678901LL, "A&B", "x y", 3);
	assert_string_equal(b->data, "<tr id=\"r12345678901\"><td>A&amp;B</td>"
				     "<td><a href=\"/x/x y\">3</a></td></tr>");
}

static void test_html_text(void **state)
{
	struct buf *b = *state;

	html_text(b, "a<b>&\"c\"'d'");
	assert_string_equal(b->data, "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
	buf_reset(b);
	html_text(b, "");
	assert_string_equal(b->data, "");
	html_text(b, "plain 文本");
	assert_string_equal(b->data, "plain 文本");
	buf_reset(b);
	html_text(b, "<<<");
	assert_string_equal(b->data, "&lt;&lt;&lt;");
}

static void test_html_raw(void **state)
{
	struct buf *b = *state;

	html_raw(b, "<b>'&'</b>");
	assert_string_equal(b->data, "<b>'&'</b>");
}

static void test_cap_respected(void **state)
{
	struct buf small;

	(void)state;
	buf_init(&small, 8);
	html_printf(&small, "%s", "<<<"); /* 12 bytes escaped */
	assert_true(buf_failed(&small));
	assert_true(small.len <= 8);
	buf_release(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_s_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s_attribute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s_each_char, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s_passthrough, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_not_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percent_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_args_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_raw, setup, teardown),
		cmocka_unit_test(test_cap_respected),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
