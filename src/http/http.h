/*
 * http.h - the HTTP server: libmicrohttpd wrapped so that a handler sees one
 * complete request and fills one response.
 *
 * What this layer owns: listening, limits (header size through the
 * per-connection memory cap, body size, idle clients, connection counts),
 * routing by the route table, request ids, one access-log line per request,
 * /metrics counters, static assets, security headers, and a graceful stop
 * on SIGTERM/SIGINT (stop accepting, let requests in flight finish, exit).
 * What it must not do: know the application. It includes only base/; pages
 * and endpoints live in web/ and api/, and the route table is theirs.
 *
 * Memory: every request has an arena (req->arena) freed after the response
 * is sent; handlers free nothing. The response body is a struct buf owned
 * by the response.
 */
#ifndef HTTP_HTTP_H
#define HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/embed.h"
#include "base/str.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 12
/* Query parameters in one request line; more are answered with 431. */
#define HTTP_MAX_ARGS 256
/* Bytes of a request target with a query, and 48 more for each parameter
 * (what MHD stores for it); longer ones are answered 414. */
#define HTTP_MAX_URI 16384
/* Fields of a form body (urlencoded or multipart); more: 413. */
#define HTTP_MAX_FORM 64

struct http_route;
struct http_part;

enum http_auth { HTTP_AUTH_NONE = 0, HTTP_AUTH_SESSION, HTTP_AUTH_TOKEN };

struct http_req {
	struct arena *arena;
	const char *method; /* "GET", "POST", ... (HEAD is routed as GET) */
	const char *path;   /* decoded path, no query string */
	const char *body;   /* NUL-terminated; may contain NUL bytes */
	size_t body_len;
	const char *params[HTTP_MAX_PARAMS]; /* {name} segments, in order */
	int nparams;
	const char *request_id;
	const char *remote_addr;
	const struct http_route *route;
	void *ctx; /* the server's user pointer (struct app *) */
	/* set by config.authenticate: */
	void *actor; /* NULL = anonymous */
	enum http_auth auth;
	const char *csrf_expected; /* the session's CSRF token */
	bool must_change_password;
	/* a status (503) when the caller presented credentials that could not
	 * be checked for the server's own reasons (the database is out of
	 * reach): the guard answers it instead of calling them anonymous */
	int auth_error;
	void *conn; /* private: the MHD connection */
	int nform;  /* private: parsed form, see http_form() */
	struct str_pair *form;
	struct http_part *parts; /* private: multipart parts */
	int nparts;
	const char *csrf_cookie; /* private: see http_csrf_token() */
	/* the field this layer refused the request for ("path", a query
	 * parameter, a form field), named in the error it renders */
	const char *bad_field;
	/* the application's own state for this request (set by
	 * config.before, read by its handlers and config.after) */
	void *state;
};

struct http_resp {
	int status;
	const char *content_type;
	struct buf body;
	struct {
		const char *name, *value;
	} headers[HTTP_MAX_HEADERS];
	int nheaders;
};

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

enum http_route_flags {
	ROUTE_PUBLIC = 1u << 0,   /* no login needed */
	ROUTE_PAGE = 1u << 1,     /* HTML page: errors render as pages */
	ROUTE_API = 1u << 2,      /* JSON endpoint: errors render as JSON */
	ROUTE_PWCHANGE = 1u << 3, /* open while a password change is due */
	ROUTE_UPLOAD = 1u << 4,   /* body up to max_upload instead of max_body */
};

struct http_route {
	const char *method; /* "GET", "POST" */
	/* "/api/v1/institutions/{id}"; a trailing '*' matches any rest */
	const char *pattern;
	http_handler fn;
	unsigned flags;
	/* permission the actor must hold somewhere (the object-level check is
	 * app/'s); NULL only for public routes and plain "logged in" ones */
	const char *perm;
};

struct http_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
	unsigned threads;   /* 0 = number of CPUs */
	size_t max_body;    /* bytes; larger bodies get 413 */
	size_t max_upload;  /* bytes, for ROUTE_UPLOAD routes */
	size_t max_header;  /* bytes of request line + headers; 431 beyond */
	/* bytes of request bodies held at once, every request together;
	 * a body that would pass it is dropped and answered 503 (0 = none) */
	size_t max_buffered;
	unsigned timeout_s; /* idle connection timeout */
	/* total time to receive a request, headers and body, however steadily
	 * its bytes trickle in; counted from the connection's start or the end
	 * of the previous response on it. 0 = none. */
	unsigned request_timeout_s;
	/* open connections in all and per client address; 0 = sized from the
	 * open-file limit (raised to its hard limit at start) */
	unsigned conn_limit, per_ip_limit;
	const struct http_route *routes;
	size_t nroutes;
	const struct embedded_file *assets; /* served under /static/ */
	void *ctx;
	/* Renders an error the layer itself raises: status 400, 401, 403,
	 * 404, 405, 413, 414, 431, 503 with a reason code ("not_found",
	 * "login_required", "forbidden", "csrf", "password_change_required",
	 * "bad_request", "bad_field", "too_many_fields", "too_many_params",
	 * "uri_too_long", "busy", ...); req->bad_field names the field when there is
	 * one. */
	void (*on_error)(struct http_req *req, struct http_resp *resp, int status,
			 const char *reason);
	/* Looks at cookies and headers and fills req->actor, req->auth,
	 * req->csrf_expected, req->must_change_password. */
	void (*authenticate)(struct http_req *req);
	/* True when req->actor holds perm somewhere. */
	bool (*authorize)(struct http_req *req, const char *perm);
	/* Add "Secure" to cookies (served over TLS or behind a TLS proxy). */
	bool secure_cookies;
	/* Appends application metrics (Prometheus text) to /metrics. */
	void (*metrics_extra)(struct buf *out, void *ctx);
	/* Called once the server listens, with the bound port. */
	void (*on_listen)(unsigned port, void *ctx);
	/* Called once the guard let a routed request through, before its
	 * handler: returns false when it answered in resp itself, and the
	 * handler is not run (an idempotent replay). NULL = none. */
	bool (*before)(struct http_req *req, struct http_resp *resp);
	/* Called after a routed handler answered (before the response is
	 * sent), with its response, which it may keep or replace: the place
	 * for work after the handler's transaction (the read-your-writes
	 * marker, an idempotent answer kept). NULL = none. */
	void (*after)(struct http_req *req, struct http_resp *resp);
	/* Peers whose X-Forwarded-For (the rightmost address that is not
	 * itself one of these), else X-Real-IP, names the client (rate limits,
	 * logs, audit); from any other peer those headers are ignored, and a
	 * malformed value leaves the peer. Numeric IPv4/IPv6 addresses. */
	const char *const *trusted_proxies;
	size_t ntrusted_proxies;
};

/* Serves until SIGTERM or SIGINT, then drains and returns 0; returns -1
 * when the server cannot start (the reason is logged). */
int http_serve(const struct http_config *cfg);

/* True when addr is one of the configured trusted proxies. */
bool http_trusted_proxy(const char *addr);

/* Request accessors: values are NUL-terminated and live in the arena or
 * in the connection; NULL when absent. */
const char *http_header(struct http_req *req, const char *name);
const char *http_query(struct http_req *req, const char *name);
const char *http_cookie(struct http_req *req, const char *name);
/* The request's target as one text, in the arena: the decoded path, and
 * when there are query parameters "?" and each "name=value" (URL-encoded
 * again, in the order sent) joined by "&". */
const char *http_target(struct http_req *req);
/* A field of an application/x-www-form-urlencoded or multipart/form-data
 * body (parsed once). */
const char *http_form(struct http_req *req, const char *name);
/* A file of a multipart/form-data body: its bytes (in the request body,
 * not NUL-terminated) and its file name. Returns false when absent. */
bool http_form_file(struct http_req *req, const char *name, const char **data,
		    size_t *len, const char **filename);
/* True when the request body is declared as the given media type. */
bool http_is_content_type(struct http_req *req, const char *type);

/* The Prometheus text exposition of this server's counters, followed by
 * the application's (config.metrics_extra). */
void http_metrics_render(struct buf *out);

/* The CSRF token to embed in a form of this request: the session's, or
 * for an anonymous visitor a random one kept in a cookie (double submit).
 * Sets that cookie on resp when it is new. */
const char *http_csrf_token(struct http_req *req, struct http_resp *resp);

/* Sets a cookie (Path=/, HttpOnly, SameSite=Lax, and Secure when the server
 * is told so). max_age < 0: a session cookie; 0: delete it. */
void http_set_cookie(struct http_req *req, struct http_resp *resp, const char *name,
		     const char *value, long max_age);

/* Response helpers. Header names and values must outlive the response
 * (literals or the request arena). */
void http_set_header(struct http_resp *resp, const char *name, const char *value);
/* Adds a header even when one of that name is there (Set-Cookie). */
void http_add_header(struct http_resp *resp, const char *name, const char *value);
void http_redirect(struct http_resp *resp, const char *location);
/* An uploaded file sent back as a download, never shown in the browser:
 * Content-Disposition: attachment with name made safe (an ASCII filename
 * with anything else as "_", and the UTF-8 name as filename*), and
 * Content-Security-Policy: sandbox should it be opened anyway. */
void http_attachment(struct http_req *req, struct http_resp *resp, const char *name);
/* {"error":{"code":...,"message":...,"field":...}} with the status. */
void http_json_error(struct http_resp *resp, int status, const char *code,
		     const char *message, const char *field);

#endif
