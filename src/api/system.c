/* system.c - GET /healthz and GET /metrics. */
#include "api/api.h"
#include "api/common.h"

void api_healthz(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;

	api_ctx(req, &ctx);
	if (app_health(&ctx, &err) != APP_OK) {
		http_json_error(resp, 503, "unavailable", "database unavailable", NULL);
		return;
	}
	resp->status = 200;
	resp->content_type = "application/json";
	buf_puts(&resp->body, "{\"status\":\"ok\"}");
}

void api_metrics(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	resp->status = 200;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_metrics_render(&resp->body);
}
