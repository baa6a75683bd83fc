/*
 * test_pdf.c - services/pdf: a plaque is one A4 page of PDF whose text
 * reads back with pdftotext (CJK included; poppler-utils is installed by
 * the project, so a missing pdftotext fails the test), a long scope still fits one page, the same plaque gives the
 * same bytes, NULL fields are empty, bad UTF-8 is refused, and threads
 * rendering at once get the same bytes as one thread alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "services/pdf.h"

static const struct pdf_plaque sample = {
    .issuer = "机械工业职业技能鉴定指导中心",
    .title = "评价机构登记注册证书",
    .institution = "新疆维吾尔自治区机械工业职业技能鉴定站",
    .type_label = "考试站/鉴定站",
    .registration_no = "JXJD20210001",
    .scope = "车工（四级/中级工、三级/高级工）\n"
             "铣工\r\n"
             "\n"
             "数控车工（三级/高级工、二级/技师、一级/高级技师）\n"
             "焊工",
    .valid_from = "2021-06-01",
    .valid_until = "2024-05-31",
    .approval_doc = "机职鉴字[2021]29号",
    .issued_on = "2021-06-18",
    .l_type = "机构类型",
    .l_regno = "登记编号",
    .l_scope = "鉴定范围",
    .l_validity = "有效期",
    .l_approval = "批准文件",
};

static void render(const struct pdf_plaque *p, struct buf *out)
{
	char err[256] = "";

	buf_reset(out);
	if (pdf_plaque(p, out, err, sizeof err))
		fail_msg("pdf_plaque: %s", err);
	assert_false(buf_failed(out));
}

static int have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* Runs "TOOL ARGS PDF" on the document and returns its output (the
 * caller frees it). */
static char *run_on(const struct buf *pdf, const char *tool)
{
	char path[64], cmd[256];
	struct buf out;
	char chunk[4096];
	FILE *f, *p;
	size_t n;
	int fd, rc;

	snprintf(path, sizeof path, "/tmp/test_pdf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
	assert_int_equal(fclose(f), 0);

	snprintf(cmd, sizeof cmd, "%s '%s' - 2>&1", tool, path);
	buf_init(&out, 0);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&out, chunk, n);
	rc = pclose(p);
	unlink(path);
	assert_int_equal(rc, 0);
	assert_false(buf_failed(&out));
	return buf_detach(&out, NULL);
}

static void expect_text(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("\"%s\" not in the PDF's text:\n%s", want, text);
}

static size_t count(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

static void test_pdf_header(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	render(&sample, &out);
	assert_true(out.len > 1000);
	assert_memory_equal(out.data, "%PDF-", 5);
	assert_non_null(strstr(out.data + out.len - 32, "%%EOF"));
	/* fonts are embedded subsets */
	assert_non_null(memmem(out.data, out.len, "/FontFile2", 10));
	buf_release(&out);
}

static void test_pdf_text(void **state)
{
	struct buf out;
	char *text;

	(void)state;
	/* poppler-utils is in deps/debian-packages.txt: its absence is a
	 * broken set-up, not a reason to skip */
	assert_true(have_tool("pdftotext"));
	buf_init(&out, 0);
	render(&sample, &out);
	text = run_on(&out, "pdftotext -layout");
	expect_text(text, sample.institution);
	expect_text(text, sample.registration_no);
	expect_text(text, sample.approval_doc);
	expect_text(text, sample.title);
	expect_text(text, sample.issuer);
	expect_text(text, sample.type_label);
	expect_text(text, "数控车工（三级/高级工、二级/技师、一级/高级技师）");
	expect_text(text, "2021-06-01 — 2024-05-31");
	expect_text(text, sample.issued_on);
	expect_text(text, sample.l_validity);
	assert_int_equal(count(text, '\f'), 1); /* one page */
	free(text);
	buf_release(&out);
}

/* 300 occupations: shrunk, set in columns and cut, still one page. */
static void test_pdf_long_scope(void **state)
{
	struct pdf_plaque p = sample;
	struct buf scope, out;
	char *text;

	(void)state;
	buf_init(&scope, 0);
	buf_init(&out, 0);
	for (int i = 1; i <= 300; i++)
		buf_printf(&scope, "第%d种职业（四级/中级工、三级/高级工）\n",
		           i);
	p.scope = scope.data;
	p.institution = "机械工业职业技能鉴定指导中心新疆维吾尔自治区分中心"
	                "乌鲁木齐市第一职业技能鉴定考试站（综合类）";
	render(&p, &out);
	assert_true(have_tool("pdftotext"));
	{
		text = run_on(&out, "pdftotext");
		assert_int_equal(count(text, '\f'), 1);
		expect_text(text, "第1种职业");
		expect_text(text, "…");
		expect_text(text, sample.approval_doc); /* not pushed off */
		assert_null(strstr(text, "第300种职业"));
		free(text);
	}
	buf_release(&scope);
	buf_release(&out);
}

static void test_pdf_deterministic(void **state)
{
	struct buf a, b;

	(void)state;
	buf_init(&a, 0);
	buf_init(&b, 0);
	render(&sample, &a);
	render(&sample, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* the creation date is the day of issue, not the clock */
	assert_non_null(memmem(a.data, a.len, "/CreationDate (", 15));
	assert_non_null(memmem(a.data, a.len, "20210618000000", 14));
	buf_release(&a);
	buf_release(&b);
}

static void test_pdf_null_fields(void **state)
{
	struct pdf_plaque p = {.title = "证书"};
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	render(&p, &out);
	assert_memory_equal(out.data, "%PDF-", 5);
	buf_release(&out);
}

static void test_pdf_bad_utf8(void **state)
{
	struct pdf_plaque p = sample;
	struct buf out;
	char err[128] = "";

	(void)state;
	buf_init(&out, 0);
	p.registration_no = "JXJD\xFF";
	assert_int_equal(pdf_plaque(&p, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "registration_no"));
	buf_release(&out);
}

/* ---- threads ---- */

#define THREADS    4
#define PER_THREAD 3

struct job {
	struct pdf_plaque p;
	const struct buf *want;
	int ok;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	struct buf out;
	char err[128];

	buf_init(&out, 0);
	j->ok = 1;
	for (int i = 0; i < PER_THREAD; i++) {
		buf_reset(&out);
		if (pdf_plaque(&j->p, &out, err, sizeof err) ||
		    out.len != j->want->len ||
		    memcmp(out.data, j->want->data, out.len))
			j->ok = 0;
	}
	buf_release(&out);
	return NULL;
}

static void test_pdf_threads(void **state)
{
	static const char *const names[THREADS] = {
	    "新疆分中心", "机械工业第一鉴定站", "Beijing Test Centre",
	    "上海市机电职业技能鉴定所"};
	struct buf want[THREADS];
	struct job jobs[THREADS];
	pthread_t t[THREADS];

	(void)state;
	for (int i = 0; i < THREADS; i++) {
		jobs[i].p = sample;
		jobs[i].p.institution = names[i];
		buf_init(&want[i], 0);
		render(&jobs[i].p, &want[i]); /* alone, on this thread */
		jobs[i].want = &want[i];
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]),
		                 0);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		if (!jobs[i].ok)
			fail_msg("thread %d rendered different bytes", i);
		buf_release(&want[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pdf_header),
	    cmocka_unit_test(test_pdf_text),
	    cmocka_unit_test(test_pdf_long_scope),
	    cmocka_unit_test(test_pdf_deterministic),
	    cmocka_unit_test(test_pdf_null_fields),
	    cmocka_unit_test(test_pdf_bad_utf8),
	    cmocka_unit_test(test_pdf_threads),
	};

	return cmocka_run_group_tests_name("pdf", tests, NULL, NULL);
}
