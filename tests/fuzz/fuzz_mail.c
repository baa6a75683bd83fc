/*
 * fuzz_mail.c - the notifier's message (src/services/notify.c
 * notify_format_email()) from untrusted recipients, subjects and bodies,
 * and the e-mail address check (src/core/account.c user_check_email()).
 * Beyond the sanitizers it checks what the format promises: no line of
 * the message starts with '.', every line ends in CRLF, no header is added
 * by what the fields hold, and the subject's encoded words are whole and
 * at most 75 characters each.
 *
 * Input: recipient, subject and body separated by NUL bytes.
 */
#include "fuzz.h"

#include <sodium.h>

#include "core/account.h"
#include "services/notify.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return sodium_init() < 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct notify_config cfg = {.from = "平台 <noreply@example.cn>"};
	char *s = fuzz_strndup(data, size);
	const char *to = s, *subject = "", *body = "";
	size_t n1 = strlen(s), n2;
	struct notify_message m;
	struct rule_error err;
	struct buf b;
	size_t headers = 0;

	if (n1 < size) {
		subject = s + n1 + 1;
		n2 = strlen(subject);
		if (n1 + 1 + n2 < size)
			body = subject + n2 + 1;
	}
	(void)user_check_email(to, &err);
	m = (struct notify_message){1, "email", to, subject, body};
	buf_init(&b, 0);
	notify_format_email(&cfg, &m, 1796428800, &b);
	if (buf_failed(&b))
		abort();
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] == '\n' && (i == 0 || b.data[i - 1] != '\r'))
			abort(); /* a bare LF */
		if (i + 2 < b.len && b.data[i] == '\r' && b.data[i + 1] == '\n' &&
		    b.data[i + 2] == '.')
			abort(); /* a line a dot-stuffing would change */
	}
	/* the header section: From, To, Subject (folded), Date, Message-ID,
	 * MIME-Version, Content-Type, Content-Transfer-Encoding */
	for (char *p = b.data; p && strncmp(p, "\r\n", 2); p = strstr(p, "\r\n") + 2) {
		if (*p != ' ')
			headers++;
		if (!strstr(p, "\r\n"))
			abort();
	}
	if (headers != 8)
		abort();
	/* the subject: encoded words only, each at most 75 characters */
	{
		char *subj = strstr(b.data, "\r\nSubject: ") + 11, *end = subj;

		while ((end = strstr(end, "\r\n")) && end[2] == ' ')
			end += 2;
		for (char *w = subj; w < end && (w = strstr(w, "=?UTF-8?B?")) && w < end;) {
			char *e = strstr(w + 10, "?=");

			if (!e || e > end || e + 2 - w > 75)
				abort();
			w = e + 2;
		}
	}
	buf_release(&b);
	free(s);
	return 0;
}
