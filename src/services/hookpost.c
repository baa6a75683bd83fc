/*
 * hookpost.c - see hookpost.h. libcurl for the POST, libsodium's
 * HMAC-SHA256 for the signature.
 */
#include "services/hookpost.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define BODY_CAP (64 * 1024)

void hookpost_sign(const char *secret, long long t, const char *body, size_t n,
		   char out[HOOKPOST_SIG_MAX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	char ts[24], hex[2 * crypto_auth_hmacsha256_BYTES + 1];
	int k = snprintf(ts, sizeof(ts), "%lld", t);

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (size_t)k);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	snprintf(out, HOOKPOST_SIG_MAX, "t=%s,v1=%s", ts, hex);
	sodium_memzero(&st, sizeof(st));
}

/* 0/8, 10/8, 127/8, 169.254/16, 172.16/12, 192.168/16, 100.64/10 (CGN),
 * 198.18/15 (benchmarks), 192.0.0/24, multicast and reserved (224/3). */
static bool v4_private(const unsigned char *a)
{
	return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
	       (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
	       (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	       (a[0] == 198 && (a[1] & 0xfe) == 18) ||
	       (a[0] == 192 && a[1] == 0 && a[2] == 0) || a[0] >= 224;
}

static bool v6_private(const unsigned char *a)
{
	static const unsigned char zero[16],
		mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff},
		nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

	/* an IPv4 address inside: ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d */
	if (!memcmp(a, mapped, 12) || !memcmp(a, zero, 12) || !memcmp(a, nat64, 12))
		return !memcmp(a, zero, 16) || v4_private(a + 12) ||
		       (a[15] == 1 && !memcmp(a, zero, 15));
	/* 6to4: 2002:a.b.c.d::/48 */
	if (a[0] == 0x20 && a[1] == 0x02)
		return v4_private(a + 2);
	/* fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local,
	 * ff00::/8 multicast */
	return (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
	       (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) || a[0] == 0xff;
}

bool hookpost_address_private(const char *ip)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, ip, a) == 1)
		return v4_private(a);
	if (inet_pton(AF_INET6, ip, a) == 1)
		return v6_private(a);
	return true;
}

struct guard {
	const struct hookpost_post *p;
	bool refused; /* a connection to a private address was refused */
};

static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct guard *g = arg;

	(void)purpose;
	if (!g->p->allow_private) {
		const struct sockaddr *sa = &addr->addr;

		if (sa->sa_family == AF_INET
			    ? v4_private((const unsigned char *)&(
						 (const struct sockaddr_in *)sa)
						 ->sin_addr)
		    : sa->sa_family == AF_INET6
			    ? v6_private(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr)
			    : true) {
			g->refused = true;
			return CURL_SOCKET_BAD;
		}
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

struct sink {
	size_t n;
};

static size_t take_body(char *ptr, size_t size, size_t nitems, void *arg)
{
	struct sink *s = arg;

	(void)ptr;
	s->n += size * nitems;
	return s->n > BODY_CAP ? 0 : size * nitems;
}

static int progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	const struct hookpost_post *p = arg;

	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return p->cancel && atomic_load(p->cancel) ? 1 : 0;
}

int hookpost_post(const struct hookpost_post *p, long *status, char *err, size_t errlen)
{
	char sig[HOOKPOST_SIG_MAX], h1[HOOKPOST_SIG_MAX + 32], h2[128], h3[64],
		ebuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hs = NULL;
	struct sink sink = {0};
	struct guard guard = {p, false};
	CURL *h;
	CURLcode rc;
	int ret = -1;

	*status = 0;
	if (strncmp(p->url, "https://", 8) &&
	    !(p->allow_http && !strncmp(p->url, "http://", 7))) {
		snprintf(err, errlen, "the URL must be https://");
		return -1;
	}
	hookpost_sign(p->secret, p->t, p->body, strlen(p->body), sig);
	snprintf(h1, sizeof(h1), "Skillcert-Signature: %s", sig);
	snprintf(h2, sizeof(h2), "Skillcert-Event: %s", p->event_kind);
	snprintf(h3, sizeof(h3), "Skillcert-Delivery: %s", p->delivery_id);
	hs = curl_slist_append(hs, "Content-Type: application/json");
	hs = curl_slist_append(hs, "User-Agent: skillcert-webhooks/1");
	hs = curl_slist_append(hs, "Expect:");
	hs = curl_slist_append(hs, h1);
	hs = curl_slist_append(hs, h2);
	hs = curl_slist_append(hs, h3);
	if (!(h = curl_easy_init())) {
		snprintf(err, errlen, "cannot start curl");
		curl_slist_free_all(hs);
		return -1;
	}
	curl_easy_setopt(h, CURLOPT_URL, p->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, p->allow_http ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, p->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(p->body));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, take_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &guard);
	/* no proxy from the environment (http_proxy, ALL_PROXY...): the
	 * address check must see the receiver's own address */
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)p);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, p->timeout_s > 0 ? p->timeout_s : 10L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, p->timeout_s > 0 ? p->timeout_s : 10L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	if (rc != CURLE_OK && guard.refused)
		snprintf(err, errlen, "refused: the address is not a public one");
	else if (rc == CURLE_ABORTED_BY_CALLBACK)
		snprintf(err, errlen, "stopped: the server is shutting down");
	else if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && *status))
		snprintf(err, errlen, "%s%s%s", curl_easy_strerror(rc), *ebuf ? ": " : "",
			 ebuf);
	else if (*status < 200 || *status > 299)
		snprintf(err, errlen, "the receiver answered HTTP %ld", *status);
	else
		ret = 0;
	curl_easy_cleanup(h);
	curl_slist_free_all(hs);
	return ret;
}
