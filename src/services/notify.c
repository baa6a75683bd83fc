/*
 * notify.c - see notify.h. SMTP and the webhook through libcurl, the
 * signature through libsodium's HMAC-SHA256, the outbox with POSIX files.
 */
#include "services/notify.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int notify_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

bool notify_channel_valid(const char *channel)
{
	return channel && (!strcmp(channel, "email") || !strcmp(channel, "sms"));
}

static bool set(const char *s) { return s && *s; }

const char *notify_route(const struct notify_config *cfg, const char *channel)
{
	if (!notify_channel_valid(channel))
		return NULL;
	if (!strcmp(channel, "email") && set(cfg->smtp_url))
		return "smtp";
	if (!strcmp(channel, "sms") && set(cfg->webhook_url))
		return "webhook";
	if (set(cfg->outbox_dir))
		return "outbox";
	if (set(cfg->webhook_url))
		return "webhook";
	return NULL;
}

/* ---- the RFC 5322 message ---- */

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* s without CR and LF (a header value cannot be split by what it holds). */
static char *one_line(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = malloc(n + 1);

	if (!out)
		abort();
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			out[k++] = s[i];
	out[k] = '\0';
	return out;
}

/* Appends s as a header value: itself when plain ASCII, else RFC 2047
 * encoded words of at most 45 bytes of whole characters each, folded. */
static void header_text(struct buf *out, const char *s)
{
	size_t n = strlen(s), i = 0;

	/* plain text that looks like an encoded word is encoded too: the
	 * reader sees what was written */
	if (plain_ascii(s) && !strstr(s, "=?")) {
		buf_puts(out, s);
		return;
	}
	while (i < n) {
		size_t take = n - i > 45 ? 45 : n - i;

		/* back up to the start of a character */
		while (take < n - i && take > 0 &&
		       ((unsigned char)s[i + take] & 0xC0) == 0x80)
			take--;
		if (take == 0)
			take = n - i > 45 ? 45 : n - i;
		if (i)
			buf_puts(out, "\r\n ");
		buf_puts(out, "=?UTF-8?B?");
		buf_base64(out, s + i, take);
		buf_puts(out, "?=");
		i += take;
	}
}

/* The address inside "Name <addr>", or the whole text. Caller frees. */
static char *address_of(const char *from)
{
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	char *out;

	if (!lt || !gt)
		return one_line(from);
	out = malloc((size_t)(gt - lt));
	if (!out)
		abort();
	memcpy(out, lt + 1, (size_t)(gt - lt - 1));
	out[gt - lt - 1] = '\0';
	return out;
}

static void from_header(struct buf *out, const char *from)
{
	const char *lt = strrchr(from, '<');
	char *addr = address_of(from);

	if (lt && lt > from) {
		size_t n = (size_t)(lt - from);
		char *name;

		while (n && from[n - 1] == ' ')
			n--;
		name = malloc(n + 1);
		if (!name)
			abort();
		memcpy(name, from, n);
		name[n] = '\0';
		if (plain_ascii(name) && !strpbrk(name, "\"\\"))
			buf_printf(out, "\"%s\"", name);
		else
			header_text(out, name);
		free(name);
		buf_printf(out, " <%s>", addr);
	} else {
		buf_puts(out, addr);
	}
	free(addr);
}

void notify_format_email(const struct notify_config *cfg, const struct notify_message *m,
			 time_t now, struct buf *out)
{
	const char *from = set(cfg->from) ? cfg->from : "skillcert@localhost";
	char *addr = address_of(from), *to = one_line(m->to),
	     *subject = one_line(m->subject);
	const char *at = strrchr(addr, '@');
	unsigned char rnd[8];
	char date[64], rhex[17];
	struct tm tm;
	size_t len = strlen(m->body);

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(rhex, sizeof(rhex), rnd, sizeof(rnd));
	buf_puts(out, "From: ");
	from_header(out, from);
	buf_printf(out, "\r\nTo: %s\r\nSubject: ", to);
	header_text(out, subject);
	buf_printf(out,
		   "\r\nDate: %s\r\nMessage-ID: <skillcert.%lld.%s@%s>\r\n"
		   "MIME-Version: 1.0\r\n"
		   "Content-Type: text/plain; charset=UTF-8\r\n"
		   "Content-Transfer-Encoding: base64\r\n",
		   date, m->id, rhex, at && at[1] ? at + 1 : "localhost");
	if (!strcmp(m->channel, "sms"))
		buf_puts(out, "X-Skillcert-Channel: sms\r\n");
	buf_puts(out, "\r\n");
	/* 57 bytes make a line of 76 base64 characters */
	for (size_t i = 0; i < len; i += 57) {
		buf_base64(out, m->body + i, len - i > 57 ? 57 : len - i);
		buf_puts(out, "\r\n");
	}
	free(addr);
	free(to);
	free(subject);
}

void notify_sign(const char *secret, const void *body, size_t n, char out[72])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, body, n);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 65, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

/* ---- the back-ends ---- */

struct upload {
	const char *p;
	size_t n, off;
};

static size_t read_upload(char *dst, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nitems, left = u->n - u->off;

	if (room > left)
		room = left;
	memcpy(dst, u->p + u->off, room);
	u->off += room;
	return room;
}

static size_t discard(char *p, size_t size, size_t nitems, void *arg)
{
	(void)p;
	(void)arg;
	return size * nitems;
}

static long timeout_of(const struct notify_config *cfg)
{
	return cfg->timeout_s > 0 ? cfg->timeout_s : 30;
}

static int curl_failed(CURLcode rc, const char *ebuf, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s%s%s", curl_easy_strerror(rc), *ebuf ? ": " : "", ebuf);
	return -1;
}

static int send_smtp(const struct notify_config *cfg, const struct notify_message *m,
		     time_t now, char *err, size_t errlen)
{
	struct buf msg;
	struct upload up;
	struct curl_slist *rcpt = NULL;
	char ebuf[CURL_ERROR_SIZE] = "",
	     *from = address_of(set(cfg->from) ? cfg->from : "skillcert@localhost");
	char *to = one_line(m->to);
	size_t nfrom = strlen(from) + 3, nto = strlen(to) + 3;
	char *mail_from = malloc(nfrom), *rcpt_to = malloc(nto);
	CURL *h = curl_easy_init();
	CURLcode rc = CURLE_FAILED_INIT;
	int ret = -1;

	if (!mail_from || !rcpt_to)
		abort();
	snprintf(mail_from, nfrom, "<%s>", from);
	snprintf(rcpt_to, nto, "<%s>", to);
	buf_init(&msg, 0);
	notify_format_email(cfg, m, now, &msg);
	if (!h || buf_failed(&msg)) {
		snprintf(err, errlen, "cannot prepare the message");
		goto out;
	}
	rcpt = curl_slist_append(NULL, rcpt_to);
	up = (struct upload){msg.data, msg.len, 0};
	curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_of(cfg));
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_of(cfg));
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	if (cfg->smtp_starttls)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (set(cfg->smtp_user)) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD,
				 cfg->smtp_password ? cfg->smtp_password : "");
	}
	rc = curl_easy_perform(h);
	ret = rc == CURLE_OK ? 0 : curl_failed(rc, ebuf, err, errlen);
out:
	if (h)
		curl_easy_cleanup(h);
	curl_slist_free_all(rcpt);
	buf_release(&msg);
	free(from);
	free(to);
	free(mail_from);
	free(rcpt_to);
	return ret;
}

static int send_webhook(const struct notify_config *cfg, const struct notify_message *m,
			char *err, size_t errlen)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)m->id,
			      "channel", m->channel, "to", m->to, "subject", m->subject,
			      "text", m->body);
	char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	char sig[72], ebuf[CURL_ERROR_SIZE] = "", header[100];
	struct curl_slist *hs = NULL;
	CURL *h = NULL;
	CURLcode rc;
	long status = 0;
	int ret = -1;

	json_decref(j);
	if (!body) {
		snprintf(err, errlen, "cannot encode the message");
		return -1;
	}
	notify_sign(cfg->webhook_secret ? cfg->webhook_secret : "", body, strlen(body), sig);
	snprintf(header, sizeof(header), "X-Skillcert-Signature: %s", sig);
	hs = curl_slist_append(hs, "Content-Type: application/json; charset=utf-8");
	hs = curl_slist_append(hs, header);
	if (!(h = curl_easy_init())) {
		snprintf(err, errlen, "cannot start curl");
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_URL, cfg->webhook_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_of(cfg));
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_of(cfg));
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		curl_failed(rc, ebuf, err, errlen);
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299) {
		snprintf(err, errlen, "the webhook answered HTTP %ld", status);
		goto out;
	}
	ret = 0;
out:
	if (h)
		curl_easy_cleanup(h);
	curl_slist_free_all(hs);
	free(body);
	return ret;
}

static int send_outbox(const struct notify_config *cfg, const struct notify_message *m,
		       time_t now, char *err, size_t errlen)
{
	struct buf msg;
	char tmp[4096], final[4096];
	int fd = -1, ret = -1, made = 0;
	size_t off = 0;

	buf_init(&msg, 0);
	notify_format_email(cfg, m, now, &msg);
	if (snprintf(final, sizeof(final), "%s/message-%06lld.eml", cfg->outbox_dir,
		     m->id) >= (int)sizeof(final) ||
	    snprintf(tmp, sizeof(tmp), "%s/.message-%06lld.XXXXXX", cfg->outbox_dir,
		     m->id) >= (int)sizeof(tmp) ||
	    buf_failed(&msg)) {
		snprintf(err, errlen, "the outbox path is too long");
		goto out;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "outbox %s: %s", cfg->outbox_dir, strerror(errno));
		goto out;
	}
	made = 1;
	while (off < msg.len) {
		ssize_t w = write(fd, msg.data + off, msg.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "outbox: %s", strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, 0640) != 0 || fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		snprintf(err, errlen, "outbox: %s", strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, final) != 0) {
		snprintf(err, errlen, "outbox: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret && made)
		unlink(tmp);
	buf_release(&msg);
	return ret;
}

int notify_send(const struct notify_config *cfg, const struct notify_message *m,
		time_t now, char *err, size_t errlen)
{
	const char *route = notify_route(cfg, m->channel);

	if (!route) {
		snprintf(err, errlen, "no back-end is configured for %s",
			 notify_channel_valid(m->channel) ? m->channel : "this channel");
		return -1;
	}
	if (!strcmp(route, "smtp"))
		return send_smtp(cfg, m, now, err, errlen);
	if (!strcmp(route, "webhook"))
		return send_webhook(cfg, m, err, errlen);
	return send_outbox(cfg, m, now, err, errlen);
}
