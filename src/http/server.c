/*
 * server.c - the libmicrohttpd adapter; see http.h for the contract.
 *
 * libmicrohttpd calls on_request() several times per request: once when the
 * headers are in, once per piece of body, once more when the body is
 * complete. We collect the body (up to max_body) into the request state and
 * dispatch only on the last call, so a handler sees one whole request.
 * on_completed() runs after the response is sent (or the client vanished):
 * it writes the access-log line, counts the request and frees its memory.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "http/metrics.h"

/* One request in progress. */
struct reqstate {
	struct arena arena;
	struct http_req req;
	struct buf body;
	uint64_t start_us;
	size_t route_index;
	int status;
	size_t bytes;
	size_t max_body;
	bool too_large;
	bool busy;   /* the bodies in flight hold max_buffered */
	size_t held; /* bytes of this body counted in `buffered` */
	bool answered;
	int refuse; /* nonzero: answer this status without a body */
	const char *refuse_reason;
	char rid[20];
	char addr[INET6_ADDRSTRLEN];
};

/* One TCP connection, from accept to close (MHD's socket context). The
 * watchdog thread walks the list of them and shuts down the socket of one
 * whose request has not arrived whole within cfg->request_timeout_s; MHD
 * then sees the connection end and closes it. The list and the rest of a
 * conn are guarded by conns_mu; since_us and receiving are written by the
 * connection's own thread alone and read by the watchdog, as atomics (8-
 * aligned: whole on 32-bit too). MHD notifies the close before it closes
 * the socket, so fd is valid while the conn is listed. */
struct conn {
	struct conn *prev, *next;
	int fd;
	_Alignas(8) uint64_t since_us; /* when receiving the current request began */
	bool receiving;                /* the current request is not in whole yet */
	bool cut;                      /* shut down by the watchdog */
	bool nul;                      /* a %00 in the request line */
	int uri_refused;               /* 431 (too many query parameters) or 414 */
};

static const struct http_config *cfg;
static const char **route_names;
static volatile int64_t inflight;
static size_t buffered; /* bytes of request bodies held, all requests */
static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn *conns;
static volatile bool watchdog_stop;

/* ---- request accessors ---- */

static enum MHD_Result target_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	struct buf *b = cls;

	(void)kind;
	buf_putc(b, b->len ? '&' : '?');
	str_url_encode(b, key);
	if (value) {
		buf_putc(b, '=');
		str_url_encode(b, value);
	}
	return MHD_YES;
}

const char *http_target(struct http_req *req)
{
	struct buf q;
	const char *out;

	buf_init(&q, 0);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, target_arg, &q);
	out = arena_printf(req->arena, "%s%s", req->path, q.len ? q.data : "");
	buf_release(&q);
	return out;
}

const char *http_header(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

bool http_is_content_type(struct http_req *req, const char *type)
{
	const char *ct = http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen(type);

	return ct && strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

struct http_part {
	const char *name, *filename; /* NUL-terminated, in the arena */
	const char *data;            /* in the body */
	size_t len;
};

/* The value of a parameter in a header line: name="value" or name=value. */
static const char *header_param(struct arena *a, const char *h, size_t n, const char *param)
{
	size_t pl = strlen(param);

	for (size_t i = 0; i + pl + 1 < n; i++) {
		if ((i == 0 || h[i - 1] == ' ' || h[i - 1] == ';') &&
		    !strncasecmp(h + i, param, pl) && h[i + pl] == '=') {
			const char *v = h + i + pl + 1, *e;

			if (*v == '"') {
				v++;
				e = memchr(v, '"', (size_t)(h + n - v));
			} else {
				e = v;
				while (e < h + n && *e != ';' && *e != ' ')
					e++;
			}
			if (!e)
				return NULL;
			return arena_strndup(a, v, (size_t)(e - v));
		}
	}
	return NULL;
}

/* Splits a multipart/form-data body into parts (at most HTTP_MAX_FORM).
 * Returns 0, or -1 with req->bad_field set (when a part can be named) for
 * a part whose name or non-file value holds a NUL byte, or more parts than
 * the limit. A body that is not multipart at all gives no parts. */
static int parse_multipart(struct http_req *req)
{
	const char *ct = http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *boundary, *p, *end = req->body + req->body_len;
	char *delim;
	size_t dl;

	req->nparts = 0;
	req->parts = arena_alloc(req->arena, HTTP_MAX_FORM * sizeof(*req->parts));
	if (!ct || !(boundary = header_param(req->arena, ct, strlen(ct), "boundary")))
		return 0;
	delim = arena_printf(req->arena, "\r\n--%s", boundary);
	if (!delim || !req->parts)
		return 0;
	dl = strlen(delim);
	/* the first delimiter may open the body without the CRLF */
	p = memmem(req->body, req->body_len, delim + 2, dl - 2);
	if (!p)
		return 0;
	p += dl - 2;
	while (p < end) {
		const char *hend, *next, *line;
		struct http_part *part;
		bool nul = false;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			break;
		if (req->nparts == HTTP_MAX_FORM)
			return -1;
		part = &req->parts[req->nparts];
		p += 2;
		hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			break;
		memset(part, 0, sizeof(*part));
		for (line = p; line < hend;) {
			const char *eol = memmem(line, (size_t)(hend - line), "\r\n", 2);
			size_t ln = eol ? (size_t)(eol - line) : (size_t)(hend - line);

			if (ln > 20 && !strncasecmp(line, "Content-Disposition:", 20)) {
				nul = memchr(line, '\0', ln) != NULL;
				part->name = header_param(req->arena, line, ln, "name");
				part->filename = header_param(req->arena, line, ln,
							      "filename");
			}
			line += ln + 2;
		}
		p = hend + 4;
		next = memmem(p, (size_t)(end - p), delim, dl);
		if (!next)
			break;
		part->data = p;
		part->len = (size_t)(next - p);
		if (nul || (part->name && !part->filename &&
			    memchr(part->data, '\0', part->len))) {
			req->bad_field = part->name ? part->name : "Content-Disposition";
			return -1;
		}
		if (part->name)
			req->nparts++;
		p = next + dl;
	}
	return 0;
}

/* Parses the form body once (urlencoded or multipart). Returns 0, or -1
 * with req->bad_field naming the field at fault when it can be named. */
static int parse_form(struct http_req *req)
{
	if (req->form)
		return 0;
	req->form = arena_alloc(req->arena, HTTP_MAX_FORM * sizeof(*req->form));
	if (!req->form)
		return -1;
	req->nform = 0;
	if (http_is_content_type(req, "multipart/form-data")) {
		if (!req->parts && parse_multipart(req) != 0)
			return -1;
		for (int i = 0; i < req->nparts; i++)
			if (!req->parts[i].filename) {
				req->form[req->nform].name = req->parts[i].name;
				req->form[req->nform].value = arena_strndup(
					req->arena, req->parts[i].data, req->parts[i].len);
				if (req->form[req->nform].value)
					req->nform++;
			}
	} else if (http_is_content_type(req, "application/x-www-form-urlencoded")) {
		const char *bad;
		int n = str_form_parse_named(req->arena, req->body, req->body_len,
					     req->form, HTTP_MAX_FORM, &bad);

		if (n < 0) {
			req->bad_field = bad;
			return -1;
		}
		req->nform = n;
	}
	return 0;
}

bool http_form_file(struct http_req *req, const char *name, const char **data,
		    size_t *len, const char **filename)
{
	if (!req->parts && http_is_content_type(req, "multipart/form-data") &&
	    parse_multipart(req) != 0)
		return false;
	for (int i = 0; i < req->nparts; i++)
		if (!strcmp(req->parts[i].name, name) && req->parts[i].filename) {
			*data = req->parts[i].data;
			*len = req->parts[i].len;
			*filename = req->parts[i].filename;
			return true;
		}
	return false;
}

const char *http_form(struct http_req *req, const char *name)
{
	if (parse_form(req) != 0)
		return NULL;
	return str_form_get(req->form, req->nform, name);
}

/* ---- response helpers ---- */

void http_set_header(struct http_resp *resp, const char *name, const char *value)
{
	for (int i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			resp->headers[i].value = value;
			return;
		}
	if (resp->nheaders < HTTP_MAX_HEADERS) {
		resp->headers[resp->nheaders].name = name;
		resp->headers[resp->nheaders].value = value;
		resp->nheaders++;
	}
}

void http_attachment(struct http_req *req, struct http_resp *resp, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *n = name && *name ? name : "download";
	size_t len = strlen(n);
	char *ascii = arena_alloc(req->arena, len + 1);
	char *utf8 = arena_alloc(req->arena, 3 * len + 1);
	size_t a = 0, u = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)n[i];
		bool plain = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			     (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
			     ch == '_';

		if (plain || (ch & 0xC0) != 0x80) /* one "_" per character */
			ascii[a++] = plain ? (char)ch : '_';
		if (plain) {
			utf8[u++] = (char)ch;
		} else {
			utf8[u++] = '%';
			utf8[u++] = hex[ch >> 4];
			utf8[u++] = hex[ch & 15];
		}
	}
	ascii[a] = utf8[u] = '\0';
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena,
				     "attachment; filename=\"%s\"; filename*=UTF-8''%s",
				     ascii, utf8));
	http_set_header(resp, "Content-Security-Policy", "sandbox");
}

void http_add_header(struct http_resp *resp, const char *name, const char *value)
{
	if (resp->nheaders < HTTP_MAX_HEADERS) {
		resp->headers[resp->nheaders].name = name;
		resp->headers[resp->nheaders].value = value;
		resp->nheaders++;
	}
}

void http_set_cookie(struct http_req *req, struct http_resp *resp, const char *name,
		     const char *value, long max_age)
{
	const char *c;

	if (max_age >= 0)
		c = arena_printf(req->arena,
				 "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
				 name, value, max_age,
				 cfg->secure_cookies ? "; Secure" : "");
	else
		c = arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
				 name, value, cfg->secure_cookies ? "; Secure" : "");
	if (c)
		http_add_header(resp, "Set-Cookie", c);
}

#define CSRF_COOKIE "sc_csrf"

/* A cookie value we accept as a token: 32..64 base64url characters. */
static bool token_shaped(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 32 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

const char *http_csrf_token(struct http_req *req, struct http_resp *resp)
{
	unsigned char raw[24];
	char hex[49];
	const char *c;

	if (req->auth == HTTP_AUTH_SESSION && req->csrf_expected)
		return req->csrf_expected;
	if (req->csrf_cookie)
		return req->csrf_cookie;
	c = http_cookie(req, CSRF_COOKIE);
	if (token_shaped(c)) {
		req->csrf_cookie = c;
		return c;
	}
	if (str_random(raw, sizeof(raw)) != 0)
		return "";
	str_hex(hex, raw, sizeof(raw));
	req->csrf_cookie = arena_strdup(req->arena, hex);
	if (req->csrf_cookie)
		http_set_cookie(req, resp, CSRF_COOKIE, req->csrf_cookie, -1);
	return req->csrf_cookie ? req->csrf_cookie : "";
}

/* Constant-time equality of two strings of which b may be NULL. */
static bool same_token(const char *a, const char *b)
{
	size_t n, m;
	unsigned char d = 0;

	if (!a || !b)
		return false;
	n = strlen(a);
	m = strlen(b);
	if (n != m || n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* The CSRF rule for a state-changing request; true when it may go on. */
static bool csrf_ok(struct http_req *req)
{
	const char *sent = http_header(req, "X-CSRF-Token");

	if (!sent && (req->route->flags & ROUTE_PAGE))
		sent = http_form(req, "csrf");
	switch (req->auth) {
	case HTTP_AUTH_TOKEN: return true; /* no ambient credentials: nothing to forge */
	case HTTP_AUTH_SESSION: return same_token(req->csrf_expected, sent);
	default:
		/* anonymous: only pages carry cookies worth forging (login);
		 * the form must echo the cookie */
		if (!(req->route->flags & ROUTE_PAGE))
			return true;
		return same_token(http_cookie(req, CSRF_COOKIE), sent);
	}
}

void http_redirect(struct http_resp *resp, const char *location)
{
	resp->status = 303;
	http_set_header(resp, "Location", location);
}

void http_json_error(struct http_resp *resp, int status, const char *code,
		     const char *message, const char *field)
{
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
	json_t *root;
	char *text;

	if (field)
		json_object_set_new(err, "field", json_string(field));
	root = json_pack("{s:o}", "error", err);
	text = root ? json_dumps(root, JSON_COMPACT) : NULL;
	resp->status = status;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	buf_puts(&resp->body, text ? text
				   : "{\"error\":{\"code\":\"internal\","
				     "\"message\":\"internal error\"}}");
	free(text);
	json_decref(root);
}

/* ---- routing ---- */

/* Matches path against pattern, filling req->params. */
static bool route_match(const char *pattern, const char *path, struct http_req *req)
{
	const char *p = pattern, *s = path;

	req->nparams = 0;
	while (*p && *s) {
		if (p[0] == '*' && p[1] == '\0')
			return true;
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t n = end ? (size_t)(end - s) : strlen(s);

			if (n == 0 || req->nparams == HTTP_MAX_PARAMS)
				return false;
			req->params[req->nparams++] = arena_strndup(req->arena, s, n);
			p = strchr(p, '}');
			if (!p)
				return false;
			p++;
			s += n;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == *s || (p[0] == '*' && p[1] == '\0');
}

/* ---- static assets ---- */

static const char *content_type_for(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (!strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".svg"))
		return "image/svg+xml";
	if (!strcmp(dot, ".png"))
		return "image/png";
	if (!strcmp(dot, ".ico"))
		return "image/x-icon";
	return "application/octet-stream";
}

static bool serve_static(struct http_req *req, struct http_resp *resp)
{
	const char *name = req->path + strlen("/static/");

	for (const struct embedded_file *f = cfg->assets; f && f->name; f++) {
		if (strcmp(f->name, name) != 0)
			continue;
		resp->status = 200;
		resp->content_type = content_type_for(f->name);
		buf_append(&resp->body, f->data, f->len);
		http_set_header(resp, "Cache-Control", "public, max-age=3600");
		return true;
	}
	return false;
}

/* ---- the request path ---- */

/* Who is asking, may they, and is the request their own? Answers and
 * returns false when the handler must not run. */
static bool guard(struct http_req *req, struct http_resp *resp)
{
	const struct http_route *r = req->route;
	bool page = (r->flags & ROUTE_PAGE) != 0;
	bool safe = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");

	if (cfg->authenticate)
		cfg->authenticate(req);
	if (!req->actor && req->auth_error) {
		http_set_header(resp, "Retry-After", "5");
		cfg->on_error(req, resp, req->auth_error, "unavailable");
		return false;
	}
	if (!(r->flags & ROUTE_PUBLIC) && !req->actor) {
		if (page && safe) {
			struct buf loc;

			buf_init(&loc, 8192);
			buf_puts(&loc, "/login?next=");
			str_url_encode(&loc, req->path);
			http_redirect(resp, arena_strdup(req->arena, loc.data));
			buf_release(&loc);
			return false;
		}
		if (!page)
			http_set_header(resp, "WWW-Authenticate", "Bearer");
		cfg->on_error(req, resp, 401, "login_required");
		return false;
	}
	if (req->actor && req->must_change_password && !(r->flags & ROUTE_PWCHANGE)) {
		if (page && safe) {
			http_redirect(resp, "/account/password");
			return false;
		}
		cfg->on_error(req, resp, 403, "password_change_required");
		return false;
	}
	if (!safe && !csrf_ok(req)) {
		cfg->on_error(req, resp, 403, "csrf");
		return false;
	}
	if (r->perm && (!cfg->authorize || !cfg->authorize(req, r->perm))) {
		cfg->on_error(req, resp, 403, "forbidden");
		return false;
	}
	return true;
}

static void dispatch(struct reqstate *rs, struct http_resp *resp)
{
	struct http_req *req = &rs->req;
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	bool path_matched = false;
	struct buf allow;

	if (rs->refuse) {
		http_set_header(resp, "Connection", "close");
		cfg->on_error(req, resp, rs->refuse, rs->refuse_reason);
		return;
	}
	if (rs->too_large) {
		cfg->on_error(req, resp, 413, "too_large");
		return;
	}
	if (rs->busy) {
		http_set_header(resp, "Connection", "close");
		http_set_header(resp, "Retry-After", "10");
		cfg->on_error(req, resp, 503, "busy");
		return;
	}
	if (str_has_prefix(req->path, "/static/") && (!strcmp(method, "GET"))) {
		rs->route_index = cfg->nroutes;
		if (serve_static(req, resp))
			return;
		cfg->on_error(req, resp, 404, "not_found");
		return;
	}
	/* two passes: routes without parameters first, so that
	 * /institutions/new wins over /institutions/{id} whatever the order of
	 * the table */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < cfg->nroutes; i++) {
			const struct http_route *r = &cfg->routes[i];
			bool literal = !strpbrk(r->pattern, "{*");

			if (literal != (pass == 0))
				continue;
			if (!route_match(r->pattern, req->path, req))
				continue;
			if (strcmp(r->method, method) != 0) {
				if (!path_matched)
					buf_init(&allow, 256);
				if (!strstr(allow.data, r->method)) {
					if (allow.len)
						buf_puts(&allow, ", ");
					buf_puts(&allow, r->method);
				}
				path_matched = true;
				continue;
			}
			if (path_matched)
				buf_release(&allow);
			rs->route_index = i;
			req->route = r;
			/* a form is read whole before anyone looks at it: a field
			 * that would be cut by a NUL is refused, named */
			if (parse_form(req) != 0) {
				cfg->on_error(req, resp, req->bad_field ? 400 : 413,
					      req->bad_field ? "bad_field"
							     : "too_many_fields");
				return;
			}
			if (guard(req, resp) && (!cfg->before || cfg->before(req, resp))) {
				r->fn(req, resp);
				if (cfg->after)
					cfg->after(req, resp);
			}
			return;
		}
	if (path_matched) {
		http_set_header(resp, "Allow", arena_strdup(req->arena, allow.data));
		buf_release(&allow);
		cfg->on_error(req, resp, 405, "method_not_allowed");
		return;
	}
	cfg->on_error(req, resp, 404, "not_found");
}

static void add_common_headers(struct MHD_Response *r, const char *rid,
			       const char *content_type)
{
	MHD_add_response_header(r, "X-Request-Id", rid);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	if (content_type && str_has_prefix(content_type, "text/html"))
		MHD_add_response_header(
			r, "Content-Security-Policy",
			"default-src 'self'; img-src 'self' data:; "
			"frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
}

static enum MHD_Result respond(struct MHD_Connection *conn, struct reqstate *rs,
			       struct http_resp *resp)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len;
	char *data;

	if (buf_failed(&resp->body)) {
		buf_reset(&resp->body);
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
		buf_puts(&resp->body, "internal error\n");
	}
	data = buf_detach(&resp->body, &len);
	if (!data)
		return MHD_NO;
	r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
	if (!r) {
		free(data);
		return MHD_NO;
	}
	if (resp->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	add_common_headers(r, rs->rid, resp->content_type);
	for (int i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	rs->status = resp->status;
	rs->bytes = len;
	rs->answered = true;
	ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Request ids: a counter from a random start, through a random key and
 * splitmix64's finaliser (a bijection: no two requests of a process share
 * an id, and ids of two processes are unrelated). One getrandom() a
 * process, not one a request. An id is a label, never a secret: whoever
 * collects two can undo the mix and learn roughly how many requests came
 * between them. */
static uint64_t rid_key, rid_next;
static pthread_once_t rid_once = PTHREAD_ONCE_INIT;

static void rid_seed(void)
{
	unsigned char k[16];

	if (str_random(k, sizeof(k)) != 0)
		memset(k, 0, sizeof(k));
	memcpy(&rid_key, k, 8);
	memcpy(&rid_next, k + 8, 8);
}

static uint64_t rid_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void set_request_id(struct reqstate *rs, struct MHD_Connection *conn)
{
	const char *given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							"X-Request-Id");
	unsigned char raw[8];
	uint64_t v;
	size_t n = given ? strlen(given) : 0;
	bool ok = n > 0 && n < sizeof(rs->rid);

	for (size_t i = 0; ok && i < n; i++)
		ok = (given[i] >= 'a' && given[i] <= 'z') ||
		     (given[i] >= 'A' && given[i] <= 'Z') ||
		     (given[i] >= '0' && given[i] <= '9') || given[i] == '-';
	if (ok) {
		memcpy(rs->rid, given, n + 1);
		return;
	}
	pthread_once(&rid_once, rid_seed);
	v = rid_mix(__atomic_fetch_add(&rid_next, 1, __ATOMIC_RELAXED) ^ rid_key);
	for (size_t i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)(v >> (56 - 8 * i));
	str_hex(rs->rid, raw, sizeof(raw));
}

/* The address in s[0..n) (spaces around it allowed) in its canonical
 * text, into out; false when it is not a numeric IPv4 or IPv6 address. */
static bool canonical_addr(const char *s, size_t n, char *out, size_t outlen)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	unsigned char bin[sizeof(struct in6_addr)];

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)outlen) != NULL;
	if (inet_pton(AF_INET6, tmp, bin) == 1) {
		/* ::ffff:a.b.c.d is the IPv4 peer of a dual-stack socket */
		if (IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)bin))
			return inet_ntop(AF_INET, bin + 12, out, (socklen_t)outlen) != NULL;
		return inet_ntop(AF_INET6, bin, out, (socklen_t)outlen) != NULL;
	}
	return false;
}

bool http_trusted_proxy(const char *addr)
{
	char a[INET6_ADDRSTRLEN], t[INET6_ADDRSTRLEN];

	if (!cfg || !addr || !canonical_addr(addr, strlen(addr), a, sizeof(a)))
		return false;
	for (size_t i = 0; i < cfg->ntrusted_proxies; i++)
		if (canonical_addr(cfg->trusted_proxies[i],
				   strlen(cfg->trusted_proxies[i]), t, sizeof(t)) &&
		    !strcmp(a, t))
			return true;
	return false;
}

/* Every X-Forwarded-For line of a request, joined by ',' in order (a
 * client's own line first, the proxy's last): the list the proxies built. */
struct xff_join {
	char *out;
	size_t len, cap;
	bool overflow;
};

static enum MHD_Result xff_line(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	struct xff_join *j = cls;
	size_t n = value ? strlen(value) : 0;

	(void)kind;
	if (!key || strcasecmp(key, "X-Forwarded-For") || !value)
		return MHD_YES;
	if (j->len + n + 2 > j->cap) {
		j->overflow = true;
		return MHD_NO;
	}
	if (j->len)
		j->out[j->len++] = ',';
	memcpy(j->out + j->len, value, n + 1);
	j->len += n;
	return MHD_YES;
}

/* Behind a trusted proxy: the client it names, into addr (left as it is
 * when the headers name none, or none well formed). */
static void forwarded_addr(struct MHD_Connection *conn, char *addr, size_t len)
{
	char joined[4096];
	struct xff_join j = {joined, 0, sizeof(joined), false};
	const char *xff = joined;
	const char *xri = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
	char a[INET6_ADDRSTRLEN];

	joined[0] = '\0';
	MHD_get_connection_values(conn, MHD_HEADER_KIND, xff_line, &j);
	if (j.overflow)
		return; /* too long to read whole: the peer stays */
	if (*xff) {
		/* from the right: the first entry that is not one of ours */
		for (size_t end = strlen(xff); end > 0;) {
			size_t start = end;

			while (start > 0 && xff[start - 1] != ',')
				start--;
			if (!canonical_addr(xff + start, end - start, a, sizeof(a)))
				break; /* malformed: trust nothing further left */
			if (!http_trusted_proxy(a)) {
				snprintf(addr, len, "%s", a);
				return;
			}
			end = start ? start - 1 : 0;
		}
	}
	if (xri && canonical_addr(xri, strlen(xri), a, sizeof(a)))
		snprintf(addr, len, "%s", a);
}

static void set_remote_addr(struct reqstate *rs, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	rs->addr[0] = '-';
	rs->addr[1] = '\0';
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, rs->addr,
			  sizeof(rs->addr));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
			  rs->addr, sizeof(rs->addr));
	if (cfg->ntrusted_proxies && http_trusted_proxy(rs->addr))
		forwarded_addr(conn, rs->addr, sizeof(rs->addr));
}

/* ---- connections: the request deadline, the request line ---- */

static struct conn *conn_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* The current request of mc is in whole (receiving = false), or a new one
 * begins now (true). */
static void conn_receiving(struct MHD_Connection *mc, bool receiving)
{
	struct conn *c = conn_of(mc);

	if (!c)
		return;
	/* twice a request: no lock. Only this connection's thread writes
	 * them; the watchdog reads them holding conns_mu, which keeps c
	 * alive (it is freed under the lock). The start first, then the flag
	 * that makes the watchdog look at it. */
	if (receiving)
		__atomic_store_n(&c->since_us, time_mono_us(), __ATOMIC_RELAXED);
	__atomic_store_n(&c->receiving, receiving, __ATOMIC_RELEASE);
}

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct conn *c = *socket_context;

	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);

		c = calloc(1, sizeof(*c));
		if (!c)
			return; /* this one has only the idle timeout */
		c->fd = ci ? ci->connect_fd : -1;
		c->since_us = time_mono_us();
		c->receiving = true;
		pthread_mutex_lock(&conns_mu);
		c->next = conns;
		if (conns)
			conns->prev = c;
		conns = c;
		pthread_mutex_unlock(&conns_mu);
		*socket_context = c;
		return;
	}
	if (!c)
		return;
	pthread_mutex_lock(&conns_mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&conns_mu);
	free(c);
	*socket_context = NULL;
}

/* Shuts down the sockets of connections whose request has taken longer
 * than the deadline to arrive (slow senders that keep the idle timer
 * happy with a byte now and then); MHD then closes them. */
static void *watchdog(void *arg)
{
	uint64_t limit = (uint64_t)cfg->request_timeout_s * 1000000u;

	(void)arg;
	while (!__atomic_load_n(&watchdog_stop, __ATOMIC_SEQ_CST)) {
		uint64_t now, since;
		int cut = 0;

		pthread_mutex_lock(&conns_mu);
		/* a request may begin after now was read: since > now is a
		 * young request, not a wrapped-around old one (that cut
		 * healthy keep-alive connections under load) */
		now = time_mono_us();
		for (struct conn *c = conns; c; c = c->next)
			if (__atomic_load_n(&c->receiving, __ATOMIC_ACQUIRE) && !c->cut &&
			    c->fd >= 0 &&
			    (since = __atomic_load_n(&c->since_us, __ATOMIC_RELAXED)) < now &&
			    now - since > limit) {
				shutdown(c->fd, SHUT_RDWR);
				c->cut = true;
				cut++;
			}
		pthread_mutex_unlock(&conns_mu);
		if (cut)
			log_info("cut off %d connection%s: no whole request within "
				 "the %us request deadline",
				 cut, cut == 1 ? "" : "s", cfg->request_timeout_s);
		usleep(100000);
	}
	return NULL;
}

/* Sees the request line before MHD splits its query: with more parameters
 * than HTTP_MAX_ARGS (or a target longer than HTTP_MAX_URI, counting 48
 * bytes more for each parameter) the query is
 * emptied here, and the request is answered 431 (or 414) by
 * check_request(): MHD 0.9.75 would run the connection's memory dry
 * storing them and then never send its own 431. MHD has found the '?'
 * already; it parses what follows it up to the NUL written here. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	char *q = strchr(uri, '?');
	size_t n = 1;
	struct conn *c;

	(void)cls;
	if (!q || !(c = conn_of(mc)))
		return NULL;
	for (const char *p = q + 1; *p; p++)
		n += *p == '&' || *p == ';';
	/* each parameter costs MHD a record of about 48 bytes besides its
	 * text, in the same per-connection memory */
	if (n > HTTP_MAX_ARGS || strlen(uri) + 48 * n > HTTP_MAX_URI) {
		c->uri_refused = n > HTTP_MAX_ARGS ? 431 : 414;
		q[1] = '\0';
	}
	return NULL;
}

/* Decodes %HH in the path and the query's names and values in place, as
 * MHD would, and notes a %00 on the connection: the request is refused
 * rather than have its path or a parameter cut short by the NUL. */
static size_t unescape(void *cls, struct MHD_Connection *mc, char *s)
{
	char *o = s;
	const char *i = s;
	bool nul = false;

	(void)cls;
	while (*i) {
		int hi, lo;

		if (i[0] == '%' && (hi = str_hexval(i[1])) >= 0 &&
		    (lo = str_hexval(i[2])) >= 0) {
			*o = (char)(hi << 4 | lo);
			nul |= *o == '\0';
			o++;
			i += 3;
		} else {
			*o++ = *i++;
		}
	}
	*o = '\0';
	if (nul) {
		struct conn *c = conn_of(mc);

		if (c)
			c->nul = true;
	}
	return (size_t)(o - s);
}

struct scan {
	struct arena *arena;
	const char *nul_name; /* a query parameter holding a NUL */
	int content_length;   /* Content-Length headers seen */
	const char *cl_value; /* the first one */
	size_t cl_len;
	bool cl_differ, te, cr, host;
};

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				size_t key_size, const char *value, size_t value_size)
{
	struct scan *sc = cls;

	(void)kind;
	if (!sc->nul_name &&
	    ((key && strlen(key) != key_size) || (value && strlen(value) != value_size)))
		sc->nul_name = arena_strdup(sc->arena, key ? key : "");
	return MHD_YES;
}

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
				   size_t key_size, const char *value, size_t value_size)
{
	struct scan *sc = cls;

	(void)kind;
	if (!key)
		return MHD_YES;
	if (memchr(key, '\r', key_size) || (value && memchr(value, '\r', value_size)))
		sc->cr = true;
	if (!strcasecmp(key, MHD_HTTP_HEADER_HOST))
		sc->host = true;
	if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		sc->te = true;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
		if (sc->content_length++ == 0) {
			sc->cl_value = value;
			sc->cl_len = value_size;
		} else if (!value || value_size != sc->cl_len ||
			   memcmp(value, sc->cl_value, value_size)) {
			sc->cl_differ = true;
		}
	}
	return MHD_YES;
}

/* The checks made once the headers are in, before any of the body is
 * read: what is refused is answered at once and the connection closed.
 * Request smuggling shapes (two different Content-Length, Content-Length
 * with Transfer-Encoding, a bare CR in a header, HTTP/1.1 without Host)
 * are 400; so is a NUL in the path or a query parameter (naming it);
 * too many query parameters are 431. */
static void check_request(struct reqstate *rs, struct MHD_Connection *mc, const char *version)
{
	struct conn *c = conn_of(mc);
	struct scan sc;

	memset(&sc, 0, sizeof(sc));
	sc.arena = &rs->arena;
	if (c && c->uri_refused) {
		rs->refuse = c->uri_refused;
		rs->refuse_reason = c->uri_refused == 431 ? "too_many_params"
							  : "uri_too_long";
		c->uri_refused = 0;
		return;
	}
	MHD_get_connection_values_n(mc, MHD_HEADER_KIND, scan_header, &sc);
	if (sc.cl_differ || (sc.content_length && sc.te) || sc.cr ||
	    (!sc.host && version && !strcmp(version, MHD_HTTP_VERSION_1_1))) {
		rs->refuse = 400;
		rs->refuse_reason = "bad_request";
		return;
	}
	if (c && c->nul) {
		c->nul = false;
		MHD_get_connection_values_n(mc, MHD_GET_ARGUMENT_KIND, scan_arg, &sc);
		rs->req.bad_field = sc.nul_name ? sc.nul_name : "path";
		rs->refuse = 400;
		rs->refuse_reason = "bad_field";
	}
}

static struct reqstate *reqstate_new(struct MHD_Connection *conn, const char *url,
				     const char *method)
{
	struct reqstate *rs = calloc(1, sizeof(*rs));

	if (!rs)
		return NULL;
	arena_init(&rs->arena);
	buf_init(&rs->body, cfg->max_body + 1);
	rs->max_body = cfg->max_body;
	rs->start_us = time_mono_us();
	rs->route_index = cfg->nroutes + 1;
	set_request_id(rs, conn);
	set_remote_addr(rs, conn);
	rs->req.arena = &rs->arena;
	rs->req.method = arena_strdup(&rs->arena, method);
	rs->req.path = arena_strdup(&rs->arena, url);
	rs->req.request_id = rs->rid;
	rs->req.remote_addr = rs->addr;
	rs->req.ctx = cfg->ctx;
	rs->req.conn = conn;
	if (!rs->req.method || !rs->req.path) {
		arena_release(&rs->arena);
		free(rs);
		return NULL;
	}
	__atomic_fetch_add(&inflight, 1, __ATOMIC_SEQ_CST);
	metrics_inflight(1);
	return rs;
}

/* The body limit of the route the request is for. */
static size_t body_limit(struct reqstate *rs)
{
	const char *method = rs->req.method;

	for (size_t i = 0; i < cfg->nroutes; i++) {
		const struct http_route *r = &cfg->routes[i];

		if ((r->flags & ROUTE_UPLOAD) && !strcmp(r->method, method) &&
		    route_match(r->pattern, rs->req.path, &rs->req))
			return cfg->max_upload > cfg->max_body ? cfg->max_upload
							       : cfg->max_body;
	}
	return cfg->max_body;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct reqstate *rs = *con_cls;
	struct http_resp resp;
	enum MHD_Result ret;

	(void)cls;
	if (!rs) {
		const char *cl;
		long long len;

		rs = reqstate_new(conn, url, method);
		if (!rs)
			return MHD_NO;
		*con_cls = rs;
		check_request(rs, conn, version);
		if (!rs->refuse) {
			rs->max_body = body_limit(rs);
			buf_init(&rs->body, rs->max_body + 1);
			cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_CONTENT_LENGTH);
			if (cl && (str_to_ll(cl, 0, (long long)1 << 50, &len) != 0 ||
				   (size_t)len > rs->max_body))
				rs->too_large = true;
			else if (cl && cfg->max_buffered &&
				 (size_t)len > cfg->max_buffered -
						       __atomic_load_n(&buffered,
								       __ATOMIC_SEQ_CST))
				rs->busy = true;
			if (!rs->too_large && !rs->busy)
				return MHD_YES;
		}
		/* answer now, without reading the body */
	} else if (*upload_data_size) {
		size_t n = *upload_data_size;

		if (!rs->too_large && !rs->busy && cfg->max_buffered &&
		    __atomic_add_fetch(&buffered, n, __ATOMIC_SEQ_CST) > cfg->max_buffered) {
			/* every body in flight together would pass the budget:
			 * this one is dropped and answered 503 */
			__atomic_sub_fetch(&buffered, n + rs->held, __ATOMIC_SEQ_CST);
			rs->held = 0;
			rs->busy = true;
			buf_release(&rs->body);
			buf_init(&rs->body, 1);
		} else if (!rs->too_large && !rs->busy) {
			if (cfg->max_buffered)
				rs->held += n;
			buf_append(&rs->body, upload_data, n);
			if (buf_failed(&rs->body) || rs->body.len > rs->max_body)
				rs->too_large = true;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rs->answered)
		return MHD_YES;
	conn_receiving(conn, false);
	rs->req.body = rs->body.data;
	rs->req.body_len = rs->body.len;
	memset(&resp, 0, sizeof(resp));
	resp.status = 200;
	buf_init(&resp.body, 0);
	dispatch(rs, &resp);
	ret = respond(conn, rs, &resp);
	buf_release(&resp.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct reqstate *rs = *con_cls;
	uint64_t us;

	(void)cls;
	conn_receiving(conn, true);
	if (!rs)
		return;
	us = time_mono_us() - rs->start_us;
	if (rs->answered) {
		metrics_count(rs->route_index, rs->status, us);
		log_info("access %s \"%s %s\" %d %zu %.3fms rid=%s%s", rs->addr,
			 rs->req.method, rs->req.path, rs->status, rs->bytes,
			 (double)us / 1000.0, rs->rid,
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	}
	if (rs->held)
		__atomic_sub_fetch(&buffered, rs->held, __ATOMIC_SEQ_CST);
	buf_release(&rs->body);
	arena_release(&rs->arena);
	free(rs);
	*con_cls = NULL;
	metrics_inflight(-1);
	__atomic_fetch_sub(&inflight, 1, __ATOMIC_SEQ_CST);
}

/* ---- /metrics is served by the layer itself ---- */

void http_metrics_render(struct buf *out)
{
	metrics_render(out, route_names, cfg->nroutes);
	if (cfg->metrics_extra)
		cfg->metrics_extra(out, cfg->ctx);
}

/* ---- start and stop ---- */

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_info("httpd: %s", line);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(listen, ':');
	long long port;
	size_t hn;

	if (!colon || str_to_ll(colon + 1, 0, 65535, &port) != 0)
		return -1;
	hn = (size_t)(colon - listen);
	if (hn >= sizeof(host))
		return -1;
	memcpy(host, listen, hn);
	host[hn] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (hn >= 2 && host[0] == '[' && host[hn - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		host[hn - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		return 0;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		if (hn == 0) {
			a4->sin_addr.s_addr = htonl(INADDR_ANY);
		} else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) {
			return -1;
		}
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof(*a4);
		return 0;
	}
}

/* Raises the soft limit of open files to the hard one and returns how many
 * connections fit under it: what the database, the log and the files
 * served need is kept aside (FD_RESERVE). */
#define FD_RESERVE 128
static unsigned fit_connections(void)
{
	struct rlimit rl;
	rlim_t n;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024 - FD_RESERVE;
	if (rl.rlim_cur != rl.rlim_max) {
		struct rlimit want = rl;

		if (want.rlim_max == RLIM_INFINITY)
			want.rlim_cur = 1u << 20;
		else
			want.rlim_cur = want.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &want) == 0)
			rl = want;
	}
	n = rl.rlim_cur == RLIM_INFINITY ? (rlim_t)1 << 20 : rl.rlim_cur;
	if (n > (rlim_t)1 << 20)
		n = (rlim_t)1 << 20;
	return n > 2 * FD_RESERVE ? (unsigned)(n - FD_RESERVE) : FD_RESERVE;
}

int http_serve(const struct http_config *config)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	unsigned threads = config->threads;
	sigset_t set;
	int sig = 0;
	unsigned conn_limit, per_ip_limit, fit;
	pthread_t wd;
	bool wd_started = false;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG;

	cfg = config;
	if (parse_listen(cfg->listen, &ss, &sslen) != 0) {
		log_error("invalid listen address \"%s\": use HOST:PORT, "
			  "e.g. 127.0.0.1:8080",
			  cfg->listen);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (unsigned)n : 1;
	}
	fit = fit_connections();
	conn_limit = cfg->conn_limit && cfg->conn_limit < fit ? cfg->conn_limit : fit;
	/* one address may hold a sixteenth of them (at least 64): a crowd
	 * behind one NAT gets in, one client cannot take every slot */
	per_ip_limit = cfg->per_ip_limit ? cfg->per_ip_limit
					 : (conn_limit / 16 > 64 ? conn_limit / 16 : 64);
	route_names = calloc(cfg->nroutes + 1, sizeof(*route_names));
	if (!route_names || metrics_init(cfg->nroutes) != 0)
		return -1;
	for (size_t i = 0; i < cfg->nroutes; i++)
		route_names[i] = cfg->routes[i].pattern;

	/* Signals are taken by sigwait() below, in this thread only. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER,
		mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		cfg->max_header * 2, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
		MHD_OPTION_CONNECTION_LIMIT, conn_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		per_ip_limit, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_UNESCAPE_CALLBACK,
		unescape, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1U, MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen on %s: %s", cfg->listen, strerror(errno));
		free(route_names);
		metrics_free();
		return -1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	log_info("listening on %s (port %u, %u threads, %u connections, %u per "
		 "address, request deadline %us)",
		 cfg->listen, info ? info->port : 0, threads, conn_limit, per_ip_limit,
		 cfg->request_timeout_s);
	__atomic_store_n(&watchdog_stop, false, __ATOMIC_SEQ_CST);
	if (cfg->request_timeout_s)
		wd_started = pthread_create(&wd, NULL, watchdog, NULL) == 0;
	if (cfg->on_listen)
		cfg->on_listen(info ? info->port : 0, cfg->ctx);

	while (sigwait(&set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
	log_info("signal %d: draining requests in flight", sig);
	{
		/* stop accepting: close the listening socket so new connections
		 * are refused at once instead of waiting in the backlog */
		MHD_socket lfd = MHD_quiesce_daemon(d);

		if (lfd != MHD_INVALID_SOCKET)
			close(lfd);
	}
	for (int i = 0; i < 3000 && __atomic_load_n(&inflight, __ATOMIC_SEQ_CST) > 0; i++)
		usleep(10000);
	if (wd_started) {
		__atomic_store_n(&watchdog_stop, true, __ATOMIC_SEQ_CST);
		pthread_join(wd, NULL);
	}
	MHD_stop_daemon(d);
	log_info("stopped");
	free(route_names);
	route_names = NULL;
	metrics_free();
	return 0;
}
