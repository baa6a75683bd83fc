/*
 * test_stats_report.c - app_stats_report_render(): an annual report filled
 * by hand (no database) as a PDF read back with pdftotext (the title, the
 * summary's figures, the totals against the year before with the change,
 * the provinces and their total, the leading occupations cut at ten, the
 * five years, the registry and inspections, the footer's date and page
 * numbers; English too) and as an XLSX whose sheets read back (the first
 * with the reader, the others from the archive). An empty year (every
 * figure 0, no rows) renders too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "app/app.h"
#include "services/table.h"

static struct stat_row row(const char *key, const char *label, long long enrolled,
			   long long assessed, long long passed, long long certs)
{
	struct stat_row r = {.key = key, .label = label};

	r.v[STAT_PLANS] = 1;
	r.v[STAT_ENROLLED] = enrolled;
	r.v[STAT_ASSESSED] = assessed;
	r.v[STAT_PASSED] = passed;
	r.v[STAT_THEORY_SAT] = assessed;
	r.v[STAT_THEORY_PASSED] = passed;
	r.v[STAT_CERTIFICATES] = certs;
	r.v[STAT_FILED_ON_TIME] = certs / 2;
	r.v[STAT_FILED_LATE] = certs / 4;
	r.v[STAT_UNFILED] = certs - certs / 2 - certs / 4;
	return r;
}

static void table_of(struct stat_table *t, enum stat_dim by, struct stat_row *rows, size_t n)
{
	memset(t, 0, sizeof *t);
	t->by = by;
	t->rows = rows;
	t->nrows = n;
	t->total.key = "";
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < STAT_MEASURES; m++)
			t->total.v[m] += rows[i].v[m];
}

static struct stat_row provinces[2], levels[3], occupations[12], years[5], one[1],
	before[1];
static char occ_key[12][24], occ_label[12][32];

static void fill(struct stats_report *r)
{
	memset(r, 0, sizeof *r);
	r->year = 2025;
	r->refreshed_at = "2026-01-05T08:00:00Z";
	r->generated_on = "2026-01-06";
	provinces[0] = row("11", "北京市", 130, 120, 100, 95);
	provinces[1] = row("42", "湖北省", 320, 300, 210, 200);
	table_of(&r->province, STAT_BY_PROVINCE, provinces, 2);
	one[0] = r->province.total;
	table_of(&r->total, STAT_BY_NONE, one, 1);
	before[0] = row("", "", 400, 350, 300, 290);
	table_of(&r->prev, STAT_BY_NONE, before, 1);
	levels[0] = row("3", "三级/高级工", 50, 40, 30, 30);
	levels[1] = row("4", "四级/中级工", 200, 190, 150, 140);
	levels[2] = row("5", "五级/初级工", 200, 190, 130, 125);
	table_of(&r->level, STAT_BY_LEVEL, levels, 3);
	for (int i = 0; i < 12; i++) {
		snprintf(occ_key[i], sizeof occ_key[i], "6-18-01-%02d", i + 1);
		snprintf(occ_label[i], sizeof occ_label[i], "职业%02d", i + 1);
		/* passed 10 * (i + 1): 职业12 leads, 职业01 and 职业02 are cut */
		occupations[i] = row(occ_key[i], occ_label[i], 40, 35, 10 * (i + 1), 5);
	}
	table_of(&r->occupation, STAT_BY_OCCUPATION, occupations, 12);
	for (int i = 0; i < 5; i++) {
		static char k[5][16];

		snprintf(k[i], sizeof k[i], "%d", 2021 + i);
		years[i] = i == 4 ? one[0]
				  : row(k[i], k[i], 100 * (i + 1), 90 * (i + 1), 80, 70);
		years[i].key = years[i].label = k[i];
	}
	table_of(&r->trend, STAT_BY_YEAR, years, 5);
	r->registry.by_type[INST_EXAM_STATION][REG_REGISTERED] = 7;
	r->registry.by_type[INST_EXAM_STATION][REG_SUSPENDED] = 1;
	r->registry.by_type[INST_BRANCH_CENTER][REG_REGISTERED] = 2;
	r->registry.inspections = 6;
	r->registry.insp_pass = 4;
	r->registry.insp_rectify = 2;
	r->registry.findings = 3;
	r->registry.findings_open = 2;
	r->registry.findings_overdue = 1;
	r->registry.findings_closed = 1;
}

/* The text pdftotext -layout reads from the PDF in out (malloc'd). */
static char *pdf_text(const struct buf *out)
{
	char path[] = "stats-report-XXXXXX", cmd[128];
	struct buf text;
	FILE *p;
	char chunk[4096];
	size_t n;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, out->data, out->len), (ssize_t)out->len);
	close(fd);
	snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	buf_init(&text, 0);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&text, chunk, n);
	assert_int_equal(pclose(p), 0);
	unlink(path);
	return text.data;
}

static void expect(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("not found: %s\n--- text ---\n%s", want, text);
}

/* The line of text that starts (after spaces) with label, squeezed to
 * single spaces. */
static const char *line_of(const char *text, const char *label, char *out, size_t n)
{
	const char *p = text;

	while ((p = strstr(p, label))) {
		const char *b = p;

		while (b > text && b[-1] == ' ')
			b--;
		if (b == text || b[-1] == '\n') {
			size_t k = 0;

			for (; *p && *p != '\n' && k + 1 < n; p++)
				if (*p != ' ' || (k && out[k - 1] != ' '))
					out[k++] = *p;
			out[k] = '\0';
			return out;
		}
		p++;
	}
	fail_msg("no line starting with %s\n%s", label, text);
	return NULL;
}

static void test_pdf(void **state)
{
	struct arena a;
	struct app_ctx ctx = {0};
	struct app_error err = {0};
	struct stats_report r;
	struct buf out;
	char *text, line[512];

	(void)state;
	arena_init(&a);
	ctx.arena = &a;
	fill(&r);
	buf_init(&out, 0);
	assert_int_equal(app_stats_report_render(&ctx, &r, LANG_ZH, STATS_REPORT_PDF,
						 &out, &err),
			 APP_OK);
	assert_memory_equal(out.data, "%PDF", 4);
	text = pdf_text(&out);
	expect(text, "2025年度职业技能等级认定工作统计报告");
	expect(text, "全网");
	/* the summary: 450 enrolled, 420 assessed, 310 passed: 73.81% */
	expect(text, "报名450人次");
	expect(text, "合格310人次");
	expect(text, "合格率73.81%");
	/* the totals against 2024: assessed 420 against 350, +70, +20.00% */
	assert_string_equal(line_of(text, "参加认定（人次）", line, sizeof line),
			    "参加认定（人次） 420 350 +70 +20.00%");
	assert_string_equal(line_of(text, "合格（人次）", line, sizeof line),
			    "合格（人次） 310 300 +10 +3.33%");
	/* the pass rate in points: 73.81% against 85.71% */
	assert_string_equal(line_of(text, "合格率", line, sizeof line),
			    "合格率 73.81% 85.71% -11.90 —");
	/* by province, and its total */
	assert_string_equal(line_of(text, "湖北省", line, sizeof line),
			    "湖北省 320 300 210 70.00% 200 100 50 50");
	expect(text, "北京市");
	expect(text, "三级/高级工");
	/* the ten leading occupations, most passed first: 职业01/02 cut */
	expect(text, "职业12");
	expect(text, "职业03");
	assert_null(strstr(text, "职业02 "));
	/* five years, the registry, the inspections */
	expect(text, "2021");
	expect(text, "考试站/鉴定站");
	expect(text, "年度检查6次");
	expect(text, "逾期1项");
	expect(text, "统计数据截至 2026-01-05T08:00:00Z，报告生成于 2026-01-06");
	expect(text, "1 / ");
	free(text);

	/* a subtree's, in English */
	r.scope = "第一考试站";
	buf_reset(&out);
	assert_int_equal(app_stats_report_render(&ctx, &r, LANG_EN, STATS_REPORT_PDF,
						 &out, &err),
			 APP_OK);
	text = pdf_text(&out);
	expect(text, "Skill level recognition in 2025");
	expect(text, "第一考试站 and the institutions under it");
	assert_string_equal(line_of(text, "Assessed", line, sizeof line),
			    "Assessed 420 350 +70 +20.00%");
	free(text);
	buf_release(&out);
	arena_release(&a);
}

static void test_empty_year(void **state)
{
	struct arena a;
	struct app_ctx ctx = {0};
	struct app_error err = {0};
	struct stats_report r = {.year = 2030, .generated_on = "2030-01-01"};
	struct buf out;
	char *text;

	(void)state;
	arena_init(&a);
	ctx.arena = &a;
	buf_init(&out, 0);
	assert_int_equal(app_stats_report_render(&ctx, &r, LANG_ZH, STATS_REPORT_PDF,
						 &out, &err),
			 APP_OK);
	text = pdf_text(&out);
	expect(text, "合格率0.00%");
	expect(text, "尚未刷新");
	expect(text, "无数据");
	free(text);
	buf_reset(&out);
	assert_int_equal(app_stats_report_render(&ctx, &r, LANG_ZH, STATS_REPORT_XLSX,
						 &out, &err),
			 APP_OK);
	buf_release(&out);
	arena_release(&a);
}

struct rows {
	struct buf b;
};

static int collect(const struct table_row *tr, void *arg)
{
	struct rows *g = arg;

	for (size_t i = 0; i < tr->ncols; i++)
		buf_printf(&g->b, "%s%s", i ? "|" : "", tr->cols[i]);
	buf_puts(&g->b, "\n");
	return 0;
}

/* The text of part name in the workbook. */
/* A part of the workbook by its pieces ("xl", then dir when not "", then
 * leaf), joined by the ZIP's separator. */
static const char *xl_part(char *out, size_t n, const char *dir, const char *leaf)
{
	snprintf(out, n, "xl%c%s%s%s", '/', dir, *dir ? "/" : "", leaf);
	return out;
}

static char *part(const struct buf *data, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_file_t *f;
	struct buf out;
	char chunk[4096];
	zip_int64_t n;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data->data, data->len, 0, &ze);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	buf_init(&out, 0);
	while ((n = zip_fread(f, chunk, sizeof chunk)) > 0)
		buf_append(&out, chunk, (size_t)n);
	zip_fclose(f);
	zip_discard(z);
	zip_error_fini(&ze);
	return out.data;
}

static void test_xlsx(void **state)
{
	char pn[64];
	struct arena a;
	struct app_ctx ctx = {0};
	struct app_error err = {0};
	struct stats_report r;
	struct buf out;
	struct rows g;
	char e[256], *x;

	(void)state;
	arena_init(&a);
	ctx.arena = &a;
	fill(&r);
	buf_init(&out, 0);
	assert_int_equal(app_stats_report_render(&ctx, &r, LANG_ZH, STATS_REPORT_XLSX,
						 &out, &err),
			 APP_OK);
	buf_init(&g.b, 0);
	assert_int_equal(
		table_read_mem(out.data, out.len, TABLE_AUTO, collect, &g, e, sizeof e), 0);
	expect(g.b.data, "指标|2025|2024|增减|增减幅度\n");
	expect(g.b.data, "参加认定（人次）|420|350|+70|+20.00%\n");
	buf_release(&g.b);
	x = part(&out, xl_part(pn, sizeof(pn), "", "workbook.xml"));
	for (const char *s =
		     "总体情况\0分等级\0分地区\0分职业\0五年趋势\0评价机构\0检查与整改\0";
	     *s; s += strlen(s) + 1)
		expect(x, s);
	free(x);
	/* every occupation in the workbook (the PDF's ten are a cut) */
	x = part(&out, xl_part(pn, sizeof(pn), "worksheets", "sheet4.xml"));
	expect(x, "职业01");
	free(x);
	x = part(&out, xl_part(pn, sizeof(pn), "worksheets", "sheet3.xml"));
	expect(x, "湖北省");
	free(x);
	buf_release(&out);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_empty_year),
		cmocka_unit_test(test_xlsx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
