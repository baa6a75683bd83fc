/*
 * test_pdf.c - services/pdf: a plaque is one A4 page of PDF whose text
 * reads back with pdftotext (CJK included; poppler-utils is installed by
 * the project, so a missing pdftotext fails the test), a long scope still
 * fits one page, the same plaque gives the same bytes, NULL fields are
 * empty, bad UTF-8 is refused, and threads rendering at once get the same
 * bytes as one thread alone.
 *
 * Certificates: the text reads back, the QR code on a 150 dpi rendering
 * decodes (zbarimg) to exactly the text it was given, the font is an
 * embedded subset, a JPEG photo is embedded byte for byte, a batch has one
 * page per certificate, and broken photos are refused without a crash.
 * pdf_join (services/pdfjoin.h) joins certificates into one document that
 * poppler reads without complaint, and refuses garbage with a reason and
 * no output.
 * poppler-utils and zbar-tools are listed dependencies: a missing tool
 * fails these tests, it does not skip them. The photos are made here with
 * libjpeg and cairo (the header rule binds src/, not the tests).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <jpeglib.h>

#include "base/buf.h"
#include "services/chart.h"
#include "services/pdf.h"
#include "services/pdfjoin.h"

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

/* Writes the document to a new temporary file; path gets its name. */
static void write_tmp(const struct buf *pdf, char *path, size_t n)
{
	FILE *f;
	int fd;

	snprintf(path, n, "/tmp/test_pdf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
	assert_int_equal(fclose(f), 0);
}

/* Runs a shell command, fails the test unless it exits 0, and returns its
 * standard output (the caller frees it). */
static char *run_cmd(const char *cmd)
{
	struct buf out;
	char chunk[4096];
	FILE *p;
	size_t n;
	int rc;

	buf_init(&out, 0);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&out, chunk, n);
	rc = pclose(p);
	if (rc != 0)
		fail_msg("\"%s\" exited with %d:\n%s", cmd, rc, out.data);
	assert_false(buf_failed(&out));
	return buf_detach(&out, NULL);
}

/* Runs "TOOL ARGS PDF TAIL" on the document and returns its output (the
 * caller frees it). */
static char *run_tool(const struct buf *pdf, const char *tool, const char *tail)
{
	char path[64], cmd[256], *text;

	write_tmp(pdf, path, sizeof path);
	snprintf(cmd, sizeof cmd, "%s '%s' %s 2>&1", tool, path, tail);
	text = run_cmd(cmd);
	unlink(path);
	return text;
}

/* pdftotext and the like, writing to standard output ("-"). */
static char *run_on(const struct buf *pdf, const char *tool)
{
	return run_tool(pdf, tool, "-");
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
		buf_printf(&scope, "第%d种职业（四级/中级工、三级/高级工）\n", i);
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

#define THREADS 4
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
		if (pdf_plaque(&j->p, &out, err, sizeof err) || out.len != j->want->len ||
		    memcmp(out.data, j->want->data, out.len))
			j->ok = 0;
	}
	buf_release(&out);
	return NULL;
}

static void test_pdf_threads(void **state)
{
	static const char *const names[THREADS] = {"新疆分中心", "机械工业第一鉴定站",
						   "Beijing Test Centre",
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
		assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		if (!jobs[i].ok)
			fail_msg("thread %d rendered different bytes", i);
		buf_release(&want[i]);
	}
}

/* ---- certificates ---- */

/* About 200 characters, mixed case: what a verification link looks like. */
static const char qr_url[] =
	"https://verify.example.cn/v/v1.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	"-aBcDeFgHiJkLmNoPqRsTuVwXyZ_9876543210.QwErTyUiOpAsDfGhJkLzXcVbNm"
	"?lang=zh-CN&sig=MnBvCxZlKjHgFdSaPoIuYtReWq0192837465AaBbCcDdEe";

static const struct pdf_certificate cert_sample = {
	.title = "职业技能等级证书",
	.body = "本证书由经人力资源社会保障部门备案的职业技能等级评价机构颁发，"
		"表明持证人通过该机构组织的职业技能等级认定，具备相应的职业"
		"技能水平。证书信息可通过下方网址或扫描二维码查询核验。",
	.name = "欧阳晓明",
	.id_type = "居民身份证",
	.id_number = "110101199003074518",
	.occupation = "数控车工",
	.work_type = "--",
	.level = "一级/高级技师",
	.number = "S000011010100C26100001",
	.issued_on = "2026年11月26日",
	.institution = "机械工业职业技能鉴定指导中心新疆维吾尔自治区分中心",
	.qr_text = qr_url,
	.lookups = {"证书查询：http://jndj.osta.org.cn",
		    "评价机构查询：http://www.osta.org.cn", NULL},
	.l_name = "姓名",
	.l_id_type = "证件类型",
	.l_id_number = "证件号码",
	.l_occupation = "职业名称",
	.l_work_type = "工种",
	.l_level = "职业技能等级",
	.l_number = "证书编号",
	.l_issued_on = "发证日期",
	.l_institution = "评价机构名称",
};

/* A w x h JPEG (a face-like oval on a gradient) with comp components:
 * 1 grey, 3 RGB, 4 CMYK. The caller frees it. */
static unsigned char *make_jpeg(int w, int h, int comp, size_t *len)
{
	static const J_COLOR_SPACE space[] = {JCS_UNKNOWN, JCS_GRAYSCALE, JCS_UNKNOWN,
					      JCS_RGB, JCS_CMYK};
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *out = NULL, *row = malloc((size_t)w * 4);
	unsigned long n = 0;

	assert_non_null(row);
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, &n);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = comp;
	c.in_color_space = space[comp];
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 80, TRUE);
	jpeg_start_compress(&c, TRUE);
	for (int y = 0; y < h; y++) {
		JSAMPROW r = row;

		for (int x = 0; x < w; x++) {
			int dx = x - w / 2, dy = y - h / 3;
			bool face = dx * dx * 4 + dy * dy * 3 < w * w / 2;
			unsigned char *p = row + x * comp;

			p[0] = face ? 230 : (unsigned char)(60 + y * 100 / h);
			if (comp > 1) {
				p[1] = face ? 190 : 90;
				p[2] = face ? 160 : 170;
			}
			if (comp > 3)
				p[3] = 20;
		}
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	*len = n;
	return out;
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* A w x h PNG drawn with cairo, into out. */
static void make_png(int w, int h, struct buf *out)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_t *cr = cairo_create(s);

	cairo_set_source_rgb(cr, 0.3, 0.4, 0.7);
	cairo_paint(cr);
	cairo_set_source_rgba(cr, 0.95, 0.8, 0.7, 0.9);
	cairo_arc(cr, w / 2.0, h / 3.0, w / 3.0, 0, 6.3);
	cairo_fill(cr);
	cairo_destroy(cr);
	assert_int_equal(cairo_surface_write_to_png_stream(s, png_write, out),
			 CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	assert_false(buf_failed(out));
}

static void render_cert(const struct pdf_certificate *c, struct buf *out)
{
	char err[256] = "";

	buf_reset(out);
	if (pdf_certificate(c, out, err, sizeof err))
		fail_msg("pdf_certificate: %s", err);
	assert_false(buf_failed(out));
	assert_memory_equal(out->data, "%PDF-", 5);
}

static void test_cert_text(void **state)
{
	struct pdf_certificate c = cert_sample;
	struct buf out;
	unsigned char *jpg;
	size_t jlen;
	char *text;

	(void)state;
	assert_true(have_tool("pdftotext"));
	jpg = make_jpeg(300, 420, 3, &jlen);
	c.photo = jpg;
	c.photo_len = jlen;
	buf_init(&out, 0);
	render_cert(&c, &out);
	text = run_on(&out, "pdftotext -layout");
	expect_text(text, c.title);
	expect_text(text, c.name);
	expect_text(text, c.number);
	expect_text(text, c.level);
	expect_text(text, c.id_number);
	expect_text(text, c.occupation);
	expect_text(text, c.issued_on);
	expect_text(text, c.l_institution);
	expect_text(text, "http://jndj.osta.org.cn");
	expect_text(text, "http://www.osta.org.cn");
	expect_text(text, "本证书由经人力资源社会保障部门备案");
	assert_int_equal(count(text, '\f'), 1); /* one page */
	free(text);
	/* A4 portrait */
	text = run_tool(&out, "pdfinfo", "");
	expect_text(text, "595.28 x 841.89 pts (A4)");
	free(text);
	/* the JPEG is embedded as it is, not re-encoded */
	assert_non_null(memmem(out.data, out.len, "/DCTDecode", 10));
	assert_non_null(memmem(out.data, out.len, jpg, jlen));
	free(jpg);
	buf_release(&out);
}

/* The QR code of page `page` on a 150 dpi rendering, decoded. */
static char *page_qr(const struct buf *pdf, int page)
{
	char path[64], cmd[320], png[80], *got;
	size_t n;

	write_tmp(pdf, path, sizeof path);
	snprintf(cmd, sizeof cmd,
		 "pdftoppm -r 150 -png -f %d -l %d -singlefile '%s' '%s-page'", page,
		 page, path, path);
	free(run_cmd(cmd));
	snprintf(png, sizeof png, "%s-page.png", path);
	/* zbarimg's stderr is D-Bus noise; its exit status tells */
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s' 2>/dev/null", png);
	got = run_cmd(cmd);
	unlink(png);
	unlink(path);
	n = strlen(got);
	if (n > 0 && got[n - 1] == '\n')
		got[n - 1] = '\0';
	return got;
}

/* The QR code, rendered at 150 dpi, reads back exactly. */
static void test_cert_qr(void **state)
{
	struct pdf_certificate c = cert_sample;
	struct buf out;
	char *got;

	(void)state;
	assert_true(have_tool("pdftoppm"));
	assert_true(have_tool("zbarimg"));
	buf_init(&out, 0);
	render_cert(&c, &out);
	got = page_qr(&out, 1);
	assert_string_equal(got, qr_url);
	free(got);
	buf_release(&out);
}

/* pdffonts: every font is the serif UMing, embedded (emb yes) and a
 * subset (sub yes). */
static void test_cert_fonts(void **state)
{
	struct buf out;
	char *text, *line, *save = NULL;
	int fonts = 0;

	(void)state;
	assert_true(have_tool("pdffonts"));
	buf_init(&out, 0);
	render_cert(&cert_sample, &out);
	text = run_tool(&out, "pdffonts", "");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tok[16], *tsave = NULL;
		int nt = 0;

		if (!strchr(line, '+')) /* the header lines */
			continue;
		assert_non_null(strstr(line, "UMingCN"));
		for (char *t = strtok_r(line, " ", &tsave); t && nt < 16;
		     t = strtok_r(NULL, " ", &tsave))
			tok[nt++] = t;
		/* ... emb sub uni object gen */
		assert_true(nt >= 7);
		assert_string_equal(tok[nt - 5], "yes");
		assert_string_equal(tok[nt - 4], "yes");
		assert_non_null(strchr(tok[0], '+')); /* ABCDEF+Name */
		fonts++;
	}
	assert_true(fonts >= 1);
	free(text);
	buf_release(&out);
}

/* The page count in pdfinfo's output. */
static long pages(const char *info)
{
	const char *p = strstr(info, "\nPages:");

	if (!p)
		fail_msg("no page count in:\n%s", info);
	return strtol(p + 7, NULL, 10);
}

static void test_cert_batch(void **state)
{
	struct pdf_certificate c[3];
	struct buf out, png;
	unsigned char *grey;
	size_t glen;
	char err[256] = "", *text;

	(void)state;
	assert_true(have_tool("pdfinfo"));
	buf_init(&out, 0);
	buf_init(&png, 0);
	make_png(250, 350, &png);
	grey = make_jpeg(120, 170, 1, &glen);
	for (int i = 0; i < 3; i++)
		c[i] = cert_sample;
	c[0].name = "第一位";
	c[1].name = "Second Person";
	c[1].photo = (const unsigned char *)png.data;
	c[1].photo_len = png.len;
	c[2].name = "第三位";
	c[2].photo = grey;
	c[2].photo_len = glen;
	if (pdf_certificates(c, 3, &out, err, sizeof err))
		fail_msg("pdf_certificates: %s", err);
	text = run_tool(&out, "pdfinfo", "");
	assert_int_equal(pages(text), 3);
	free(text);
	text = run_on(&out, "pdftotext");
	assert_int_equal(count(text, '\f'), 3);
	expect_text(text, "第一位");
	expect_text(text, "Second Person");
	expect_text(text, "第三位");
	free(text);

	/* a bad page names itself, and nothing is drawn */
	c[1].name = "bad \xC3";
	buf_reset(&out);
	assert_int_equal(pdf_certificates(c, 3, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "certificate 2"));
	assert_non_null(strstr(err, "name"));
	assert_int_equal(out.len, 0);
	assert_int_equal(pdf_certificates(c, 0, &out, err, sizeof err), -1);
	free(grey);
	buf_release(&png);
	buf_release(&out);
}

/* ---- a batch drawn on several threads (issue 17) ---- */

#define BATCH_N 24
#define BATCH_SLOTS 8

/* The pages of a batch: each page's strings written into its slot's
 * buffers, overwritten when the slot is filled again, as the app's slot
 * arenas are: a page drawn or written after its slot was reused would show
 * another page's name. */
struct batch_src {
	char name[BATCH_SLOTS][64], number[BATCH_SLOTS][32], qr[BATCH_SLOTS][96];
	const unsigned char *jpeg, *png, *seal;
	size_t jpeg_len, png_len, seal_len;
	size_t fills;   /* fill() calls so far: they come in page order */
	long fail_at;   /* fill() of this page fails (-1: none) */
	long broken_at; /* this page's photo is broken (-1: none) */
};

static int batch_src_fill(void *arg, size_t i, size_t slot, struct pdf_certificate *c,
			  char *err, size_t errlen)
{
	struct batch_src *s = arg;

	assert_true(slot < BATCH_SLOTS);
	assert_int_equal(i, s->fills);
	s->fills++;
	if ((long)i == s->fail_at) {
		snprintf(err, errlen, "no such page");
		return -1;
	}
	*c = cert_sample;
	snprintf(s->name[slot], sizeof s->name[slot], "第%zu位 Holder%03zu", i + 1, i + 1);
	snprintf(s->number[slot], sizeof s->number[slot], "S0000110101%011zu", i + 1);
	snprintf(s->qr[slot], sizeof s->qr[slot],
		 "https://verify.example.cn/v/page-%03zu", i + 1);
	c->name = s->name[slot];
	c->number = s->number[slot];
	c->qr_text = s->qr[slot];
	if (i % 3 == 0) {
		c->photo = s->jpeg;
		c->photo_len = s->jpeg_len;
	} else if (i % 3 == 1) {
		c->photo = s->png;
		c->photo_len = s->png_len;
	}
	if ((long)i == s->broken_at)
		c->photo_len = 200; /* a truncated JPEG */
	c->seal = s->seal;
	c->seal_len = s->seal_len;
	return 0;
}

/* Renders the batch with threads and window; 0 or -1 with err. */
static int batch_render(struct batch_src *s, int threads, size_t window, struct buf *out,
			size_t *held_max, char *err, size_t errlen)
{
	struct pdf_batch b = {.n = BATCH_N,
			      .threads = threads,
			      .window = window,
			      .fill = batch_src_fill,
			      .arg = s};
	int rc;

	s->fills = 0;
	buf_reset(out);
	rc = pdf_certificates_batch(&b, out, err, errlen);
	if (held_max)
		*held_max = b.held_max;
	return rc;
}

/* The batch on four threads gives the pages of one thread: as many, the
 * same text (pdftotext), each page its own certificate in order, the QR
 * codes decoding to each page's text, the seal image shared by runs of
 * pages; no more than the window of pages held at once; a page that fails
 * to load or to draw is named. */
static void test_cert_batch_threads(void **state)
{
	struct batch_src s;
	struct buf one, four, png, seal;
	unsigned char *jpeg;
	char err[256] = "", *t1, *t4, *p, *info, want[96];
	size_t held = 0, jlen;

	(void)state;
	assert_true(have_tool("pdfinfo"));
	assert_true(have_tool("pdfimages"));
	assert_true(have_tool("zbarimg"));
	memset(&s, 0, sizeof s);
	buf_init(&one, 0);
	buf_init(&four, 0);
	buf_init(&png, 0);
	buf_init(&seal, 0);
	make_png(250, 350, &png);
	make_png(180, 180, &seal);
	jpeg = make_jpeg(120, 170, 3, &jlen);
	s.jpeg = jpeg;
	s.jpeg_len = jlen;
	s.png = (const unsigned char *)png.data;
	s.png_len = png.len;
	s.seal = (const unsigned char *)seal.data;
	s.seal_len = seal.len;
	s.fail_at = s.broken_at = -1;

	if (batch_render(&s, 1, 1, &one, &held, err, sizeof err))
		fail_msg("one thread: %s", err);
	assert_int_equal(held, 1);
	if (batch_render(&s, 4, 6, &four, &held, err, sizeof err))
		fail_msg("four threads: %s", err);
	assert_true(held > 1 && held <= 6);
	assert_int_equal(s.fills, BATCH_N);

	info = run_tool(&four, "pdfinfo", "");
	assert_int_equal(pages(info), BATCH_N);
	assert_null(strstr(info, "Error")); /* poppler's complaints, on stderr too */
	free(info);
	/* every object where the cross-reference table says (pdftotext
	 * would rebuild a broken table and say so) */
	info = run_tool(&four, "pdftotext", "- >/dev/null");
	assert_string_equal(info, "");
	free(info);
	t1 = run_on(&one, "pdftotext");
	t4 = run_on(&four, "pdftotext");
	assert_string_equal(t1, t4);
	/* page k (between form feeds) is certificate k */
	p = t4;
	for (size_t i = 0; i < BATCH_N; i++) {
		char *end = strchr(p, '\f');

		assert_non_null(end);
		*end = '\0';
		snprintf(want, sizeof want, "Holder%03zu", i + 1);
		if (!strstr(p, want))
			fail_msg("page %zu does not name %s:\n%s", i + 1, want, p);
		snprintf(want, sizeof want, "S0000110101%011zu", i + 1);
		expect_text(p, want);
		p = end + 1;
	}
	free(t1);
	free(t4);
	/* the QR codes: the first page, one in the middle, the last */
	for (int k = 0; k < 3; k++) {
		static const int at[] = {1, BATCH_N / 2 + 1, BATCH_N};
		char *got = page_qr(&four, at[k]);

		snprintf(want, sizeof want, "https://verify.example.cn/v/page-%03d", at[k]);
		assert_string_equal(got, want);
		free(got);
	}
	/* images (pdfimages lists one line per use): a photo on two pages in
	 * three, each its own object; the seal on every page */
	info = run_tool(&four, "pdfimages", "-list");
	{
		long photo_ids[BATCH_N], seal_ids[BATCH_N];
		size_t nphotos = 0, nseals = 0, nseal_ids = 0;

		for (const char *q = info; q; q = strchr(q, '\n')) {
			char type[16];
			long obj;
			int pg, num, w, h;

			q++;
			if (sscanf(q, "%d %d %15s %d %d %*s %*s %*s %*s %*s %ld", &pg,
				   &num, type, &w, &h, &obj) != 6)
				continue;
			if (!strcmp(type, "stencil")) {
				if (!nseal_ids || seal_ids[nseal_ids - 1] != obj)
					seal_ids[nseal_ids++] = obj;
				nseals++;
			} else {
				assert_string_equal(type, "image");
				for (size_t k = 0; k < nphotos; k++)
					assert_true(photo_ids[k] != obj);
				assert_true(nphotos < BATCH_N);
				photo_ids[nphotos++] = obj;
			}
		}
		assert_int_equal(nphotos, BATCH_N * 2 / 3);
		assert_int_equal(nseals, BATCH_N);
		/* one seal image for a run of pages (a chunk's), not one a page */
		assert_true(nseal_ids <= BATCH_N / 2);
	}
	free(info);

	/* a page that fails to load, or to draw: named, on four threads */
	s.fail_at = 9;
	assert_int_equal(batch_render(&s, 4, 6, &four, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "certificate 10: no such page"));
	s.fail_at = -1;
	s.broken_at = 15;
	assert_int_equal(batch_render(&s, 4, 6, &four, NULL, err, sizeof err), -1);
	if (!strstr(err, "certificate 16: photo"))
		fail_msg("unexpected error: %s", err);

	free(jpeg);
	buf_release(&png);
	buf_release(&seal);
	buf_release(&one);
	buf_release(&four);
}

static void expect_refused(const unsigned char *photo, size_t len, const char *want)
{
	struct pdf_certificate c = cert_sample;
	struct buf out;
	char err[256] = "";

	c.photo = photo;
	c.photo_len = len;
	buf_init(&out, 0);
	assert_int_equal(pdf_certificate(&c, &out, err, sizeof err), -1);
	if (!strstr(err, want))
		fail_msg("\"%s\" not in the error \"%s\"", want, err);
	buf_release(&out);
}

/* Broken photos: a reason, no crash, no exit() from libjpeg. */
static void test_cert_bad_photo(void **state)
{
	static const unsigned char junk[] = "GIF89a not a photo at all";
	unsigned char *jpg, *bad;
	struct buf png;
	size_t jlen;

	(void)state;
	jpg = make_jpeg(200, 280, 3, &jlen);
	/* truncated: half the file, then only the header */
	expect_refused(jpg, jlen / 2, "photo");
	expect_refused(jpg, 200, "photo");
	expect_refused(jpg, 3, "photo");
	/* scrambled entropy-coded data past the header */
	bad = malloc(jlen);
	assert_non_null(bad);
	memcpy(bad, jpg, jlen);
	for (size_t i = jlen / 2; i < jlen - 2; i += 7)
		bad[i] = 0xFF;
	expect_refused(bad, jlen, "photo");
	/* an impossible frame size */
	memcpy(bad, jpg, jlen);
	for (size_t i = 2; i + 9 < jlen; i++)
		if (bad[i] == 0xFF && bad[i + 1] == 0xC0) {
			bad[i + 5] = 0xFF; /* height 0xFF.. */
			bad[i + 7] = 0xFF; /* width 0xFF.. */
			break;
		}
	expect_refused(bad, jlen, "photo");
	expect_refused(junk, sizeof junk - 1, "neither JPEG nor PNG");
	free(bad);
	/* CMYK: not drawn (its colours would need the Adobe inversion) */
	bad = make_jpeg(40, 56, 4, &jlen);
	expect_refused(bad, jlen, "CMYK");
	/* a truncated PNG */
	buf_init(&png, 0);
	make_png(100, 140, &png);
	expect_refused((const unsigned char *)png.data, png.len / 2, "broken PNG");
	buf_release(&png);
	free(bad);
	free(jpg);
}

/* No photo (an empty frame), no QR text, NULL strings: still a page. */
static void test_cert_minimal(void **state)
{
	struct pdf_certificate c = {.title = "职业技能等级证书"};
	struct buf a, b;
	char *text;

	(void)state;
	buf_init(&a, 0);
	buf_init(&b, 0);
	render_cert(&c, &a);
	c = cert_sample; /* photo NULL */
	render_cert(&c, &a);
	text = run_on(&a, "pdftotext");
	expect_text(text, c.name);
	free(text);
	/* the same certificate gives the same bytes: the creation date is
	 * the date of issue */
	render_cert(&c, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_non_null(memmem(a.data, a.len, "20261126000000", 14));
	buf_release(&a);
	buf_release(&b);
}

/* Long values in English: shrunk, wrapped, cut, still one page. */
static void test_cert_long(void **state)
{
	struct pdf_certificate c = cert_sample;
	struct buf out, body;
	char *text;

	(void)state;
	buf_init(&out, 0);
	buf_init(&body, 0);
	for (int i = 0; i < 60; i++)
		buf_puts(&body, "This certificate attests the holder's "
				"vocational skill level. ");
	c.title = "Vocational Skill Level Certificate";
	c.body = body.data;
	c.name = "Maximilian Alexander Oluwaseun Papadopoulos-Fernández";
	c.l_name = "Name";
	c.l_id_number = "Identity document number";
	c.l_level = "Vocational skill level";
	c.level = "Level 1 / Senior Technician";
	c.issued_on = "2026-11-26";
	c.institution = "Machinery Industry Vocational Skill Testing Guidance "
			"Centre, Xinjiang Uygur Autonomous Region Branch, "
			"Urumqi First Testing Station (General)";
	render_cert(&c, &out);
	text = run_on(&out, "pdftotext");
	assert_int_equal(count(text, '\f'), 1);
	expect_text(text, "Level 1 / Senior Technician");
	expect_text(text, c.number);
	expect_text(text, "http://jndj.osta.org.cn");
	free(text);
	buf_release(&body);
	buf_release(&out);
}

/* The subsidy application form (issue 12): one page with its rows, the
 * reasons, the blank lines' labels and the note; NULL strings as ""; bad
 * UTF-8 and a too-long QR text refused, naming the field. */
static void test_subsidy_form(void **state)
{
	struct pdf_subsidy_form f = {
		.title = "技能提升补贴申请表",
		.label = {"姓名", "证件号码", "证书编号", NULL},
		.value = {"张三", "110105********002X", "S000044000000253000001", NULL},
		.l_reasons = "审核要点",
		.reasons = "【符合条件】该等级（4级）在补贴范围内\n【需核实】失业保险缴费月数未知",
		.blank = {"银行账号", "申请人签名", NULL},
		.note = "扫描二维码可核验证书。",
		.qr_text = "https://verify.example/v/abc",
	};
	struct buf out;
	char err[256], *text, long_qr[2400];

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(pdf_subsidy_form(&f, &out, err, sizeof err), 0);
	assert_memory_equal(out.data, "%PDF-", 5);
	text = run_on(&out, "pdftotext");
	expect_text(text, "技能提升补贴申请表");
	expect_text(text, "110105********002X");
	expect_text(text, "S000044000000253000001");
	expect_text(text, "审核要点");
	expect_text(text, "需核实");
	expect_text(text, "银行账号");
	expect_text(text, "申请人签名");
	free(text);
	text = run_tool(&out, "pdfinfo", "");
	assert_int_equal(pages(text), 1);
	free(text);
	/* NULL strings are "" */
	f.note = NULL;
	f.value[1] = NULL;
	buf_reset(&out);
	assert_int_equal(pdf_subsidy_form(&f, &out, err, sizeof err), 0);
	f.value[1] = "\xff\xfe";
	buf_reset(&out);
	assert_int_equal(pdf_subsidy_form(&f, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "value"));
	f.value[1] = "x";
	memset(long_qr, 'a', sizeof long_qr - 1);
	long_qr[sizeof long_qr - 1] = '\0';
	f.qr_text = long_qr;
	assert_int_equal(pdf_subsidy_form(&f, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "qr_text"));
	buf_release(&out);
}

/* The decision document (表彰决定, issue 14): the title, number, headings,
 * entries, signatory and date read back; a short list one page, a long
 * one paginated with every entry kept (the last one on the last page);
 * bad UTF-8 refused naming the line. */
static void test_decision(void **state)
{
	struct pdf_decision_line lines[202];
	char names[200][32];
	struct pdf_decision d = {
		.title = "2020年度机械工业人才评价工作先进集体、个人表彰决定",
		.number = "机械人才评价〔2021〕3号",
		.preamble = "为表彰先进，决定对以下集体和个人予以表彰。",
		.signatory = "机械工业职业技能鉴定指导中心",
		.date = "2021年3月5日",
		.lines = lines,
	};
	struct buf out;
	char err[256], *text;

	(void)state;
	lines[0] = (struct pdf_decision_line){"先进集体", 1};
	lines[1] = (struct pdf_decision_line){"第一考试站", 0};
	lines[2] = (struct pdf_decision_line){"先进工作者", 1};
	lines[3] = (struct pdf_decision_line){"张三（第一考试站）", 0};
	d.nlines = 4;
	buf_init(&out, 0);
	assert_int_equal(pdf_decision(&d, &out, err, sizeof err), 0);
	text = run_on(&out, "pdftotext");
	expect_text(text, "表彰决定");
	expect_text(text, "机械人才评价〔2021〕3号");
	expect_text(text, "先进集体");
	expect_text(text, "张三（第一考试站）");
	expect_text(text, "机械工业职业技能鉴定指导中心");
	expect_text(text, "2021年3月5日");
	free(text);
	text = run_tool(&out, "pdfinfo", "");
	assert_int_equal(pages(text), 1);
	free(text);
	/* 200 entries: several pages, the last entry and the date kept */
	lines[0] = (struct pdf_decision_line){"先进工作者", 1};
	for (int i = 0; i < 200; i++) {
		snprintf(names[i], sizeof names[i], "工作者%03d", i);
		lines[i + 1] = (struct pdf_decision_line){names[i], 0};
	}
	d.nlines = 201;
	buf_reset(&out);
	assert_int_equal(pdf_decision(&d, &out, err, sizeof err), 0);
	text = run_tool(&out, "pdfinfo", "");
	assert_true(pages(text) >= 4);
	free(text);
	text = run_on(&out, "pdftotext");
	expect_text(text, "工作者000");
	expect_text(text, "工作者199");
	expect_text(text, "2021年3月5日");
	free(text);
	lines[5].text = "\xff\xfe";
	buf_reset(&out);
	assert_int_equal(pdf_decision(&d, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 6"));
	buf_release(&out);
}

/* A report: the title, headings, a paragraph, a table of 120 rows that
 * breaks across pages (its header repeated) and charts read back; every
 * page numbered "n / m"; a cell that is not UTF-8, a table without
 * columns and a chart the chart module refuses are refused. */
static void test_report(void **state)
{
	static const char *const cats[] = {"北京市", "湖北省"};
	static const double v[] = {12, 30}, bad[] = {1, -2};
	struct chart ch = {
		.kind = CHART_BAR, .ncats = 2, .cats = cats, .nseries = 1, .values = {v}};
	struct chart badch = ch;
	const char *cells[2 * 121];
	char names[120][32], nums[120][16];
	struct pdf_block blocks[5] = {
		{.kind = PDF_HEADING, .text = "一、总体情况"},
		{.kind = PDF_TEXT, .text = "全年共认定合格12345人。"},
		{.kind = PDF_TABLE, .ncols = 2, .nrows = 120, .cells = cells},
		{.kind = PDF_HEADING, .text = "二、分省情况"},
		{.kind = PDF_CHART, .chart = &ch},
	};
	struct pdf_report r = {.title = "2025年度职业技能等级认定工作统计报告",
			       .subtitle = "全网",
			       .footer = "数据截至2026-01-05T08:00:00Z，生成于2026-01-06",
			       .blocks = blocks,
			       .nblocks = 5};
	struct buf out;
	char err[256], *text;
	long n;

	(void)state;
	cells[0] = "机构";
	cells[1] = "合格人数";
	for (int i = 0; i < 120; i++) {
		snprintf(names[i], sizeof names[i], "考试站%03d", i);
		snprintf(nums[i], sizeof nums[i], "%d", 1000 + i);
		cells[2 + 2 * i] = names[i];
		cells[3 + 2 * i] = nums[i];
	}
	buf_init(&out, 0);
	assert_int_equal(pdf_report(&r, &out, err, sizeof err), 0);
	text = run_tool(&out, "pdfinfo", "");
	n = pages(text);
	free(text);
	assert_true(n >= 3);
	text = run_on(&out, "pdftotext -layout");
	expect_text(text, "2025年度职业技能等级认定工作统计报告");
	expect_text(text, "一、总体情况");
	expect_text(text, "全年共认定合格12345人。");
	expect_text(text, "考试站000");
	expect_text(text, "考试站119");
	expect_text(text, "1119");
	expect_text(text, "湖北省");
	expect_text(text, "数据截至2026-01-05T08:00:00Z");
	{
		char want[32];

		snprintf(want, sizeof want, "1 / %ld", n);
		expect_text(text, want);
		snprintf(want, sizeof want, "%ld / %ld", n, n);
		expect_text(text, want);
	}
	/* the header is repeated on the table's second page */
	{
		const char *p = strstr(text, "合格人数");

		assert_non_null(p);
		assert_non_null(strstr(p + 1, "合格人数"));
	}
	free(text);
	buf_reset(&out);
	cells[5] = "\xff";
	assert_int_equal(pdf_report(&r, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "block 3"));
	cells[5] = "1";
	blocks[2].ncols = 0;
	assert_int_equal(pdf_report(&r, &out, err, sizeof err), -1);
	blocks[2].ncols = 2;
	badch.values[0] = bad;
	blocks[4].chart = &badch;
	assert_int_equal(pdf_report(&r, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "value 2"));
	buf_release(&out);
}

/* A PDF laid out as cairo writes them (header, objects, one table from
 * object 0, trailer, startxref), its one page's /Contents being `contents`
 * (object 3 holds the stream; /Size is 6). */
static void mini_pdf(struct buf *b, const char *contents)
{
	const char *objs[5] = {
		"<< /Type /Pages\n   /Kids [ 2 0 R ]\n   /Count 1\n>>",
		NULL,
		"<< /Length 10 >>\nstream\n0 0 m 9 9 l\nendstream",
		"<< /Producer (test_pdf) >>",
		"<< /Type /Catalog\n   /Pages 1 0 R\n>>",
	};
	char page[160];
	size_t off[5], xref;

	snprintf(page, sizeof page,
		 "<< /Type /Page\n   /Parent 1 0 R\n   /MediaBox [ 0 0 100 100 ]\n"
		 "   /Contents %s\n>>",
		 contents);
	objs[1] = page;
	buf_reset(b);
	buf_puts(b, "%PDF-1.4\n");
	for (size_t k = 0; k < 5; k++) {
		off[k] = b->len;
		buf_printf(b, "%zu 0 obj\n%s\nendobj\n", k + 1, objs[k]);
	}
	xref = b->len;
	buf_puts(b, "xref\n0 6\n0000000000 65535 f \n");
	for (size_t k = 0; k < 5; k++)
		buf_printf(b, "%010zu 00000 n \n", off[k]);
	buf_printf(b,
		   "trailer\n<< /Size 6\n   /Root 5 0 R\n   /Info 4 0 R\n>>\n"
		   "startxref\n%zu\n%%%%EOF\n",
		   xref);
}

/* pdf_join refuses parts out and leaves out as it was. */
static void expect_join_refused(const struct buf *parts, size_t n, const char *want)
{
	struct buf out;
	char err[256] = "";

	buf_init(&out, 0);
	buf_puts(&out, "before");
	assert_int_equal(pdf_join(parts, n, &out, err, sizeof err), -1);
	if (!strstr(err, want))
		fail_msg("\"%s\" not in the refusal: %s", want, err);
	assert_int_equal(out.len, 6);
	assert_string_equal(out.data, "before");
	assert_false(buf_failed(&out));
	buf_release(&out);
}

/* pdf_join: certificates and a small PDF joined give their pages in order
 * under one page tree, read back by poppler without complaint; garbage is
 * refused with a reason naming the part, and nothing written: an empty
 * part, a part that is no PDF, a PDF cut short (in an object, in the
 * table, before startxref), an object referring to one past the table, a
 * table offset past the objects, no part at all. */
static void test_pdf_join(void **state)
{
	struct buf parts[3], out;
	char err[256] = "", *info, *text;
	size_t len;

	(void)state;
	for (size_t i = 0; i < 3; i++)
		buf_init(&parts[i], 0);
	buf_init(&out, 0);
	render_cert(&cert_sample, &parts[0]);
	mini_pdf(&parts[1], "3 0 R");
	render_cert(&cert_sample, &parts[2]);
	if (pdf_join(parts, 3, &out, err, sizeof err))
		fail_msg("pdf_join: %s", err);
	info = run_tool(&out, "pdfinfo", "");
	assert_int_equal(pages(info), 3);
	assert_null(strstr(info, "Error"));
	free(info);
	text = run_on(&out, "pdftotext");
	assert_int_equal(count(text, '\f'), 3);
	expect_text(text, cert_sample.name);
	assert_non_null(strstr(strchr(strchr(text, '\f') + 1, '\f'), cert_sample.name));
	free(text);

	/* an empty part; no PDF */
	len = parts[1].len;
	parts[1].len = 0;
	expect_join_refused(parts, 2, "part 2: not a PDF as cairo writes it");
	parts[1].len = len;
	buf_reset(&out);
	buf_puts(&out, "hello, this is not a PDF at all\n");
	expect_join_refused(&out, 1, "part 1: not a PDF as cairo writes it");
	/* cut short: in an object, in the table, before startxref's number */
	for (size_t i = 0; i < 3; i++) {
		static const size_t keep[] = {200, 0, 0};
		const char *at = memmem(parts[1].data, parts[1].len, "startxref", 9);

		parts[1].len = i == 0   ? keep[0]
			       : i == 1 ? (size_t)(at - parts[1].data) - 40
					: (size_t)(at - parts[1].data) + 10;
		expect_join_refused(parts, 2, "part 2: not a PDF as cairo writes it");
		parts[1].len = len;
	}
	/* a reference past the table (/Size 6) */
	mini_pdf(&parts[1], "9 0 R");
	expect_join_refused(parts, 2, "part 2: not a PDF as cairo writes it: an object");
	mini_pdf(&parts[1], "3 0 R");
	/* an offset past the table */
	memcpy(strstr(parts[1].data, "65535 f \n") + 9, "9999999999", 10);
	expect_join_refused(&parts[1], 1, "offset");
	/* nothing to join */
	expect_join_refused(parts, 0, "no page");

	for (size_t i = 0; i < 3; i++)
		buf_release(&parts[i]);
	buf_release(&out);
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
		cmocka_unit_test(test_cert_text),
		cmocka_unit_test(test_cert_qr),
		cmocka_unit_test(test_cert_fonts),
		cmocka_unit_test(test_cert_batch),
		cmocka_unit_test(test_cert_batch_threads),
		cmocka_unit_test(test_cert_bad_photo),
		cmocka_unit_test(test_cert_minimal),
		cmocka_unit_test(test_cert_long),
		cmocka_unit_test(test_pdf_join),
		cmocka_unit_test(test_subsidy_form),
		cmocka_unit_test(test_decision),
		cmocka_unit_test(test_report),
	};

	return cmocka_run_group_tests_name("pdf", tests, NULL, NULL);
}
