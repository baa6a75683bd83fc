/*
 * i18n.c - the catalog data and lookups.
 *
 * The table is kept sorted by key (the unit test checks it) and searched
 * with bsearch. Keys are "area.thing"; add a line, keep the order.
 */
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct i18n_entry catalog[] = {
	{"account.grants", "授权", "Grants"},
	{"account.title", "我的账户", "My account"},
	{"app.name", "技能人才评价平台", "Skills Evaluation Platform"},
	{"app.org", "机械工业职业技能鉴定指导中心", "Machinery Industry Vocational Skill Appraisal Guidance Center"},
	{"audit.action", "操作", "Action"},
	{"audit.actor", "操作人", "Actor"},
	{"audit.after", "变更后", "After"},
	{"audit.at", "时间", "Time"},
	{"audit.before", "变更前", "Before"},
	{"audit.export", "导出 CSV", "Export CSV"},
	{"audit.from", "起始日期", "From date"},
	{"audit.object", "对象", "Object"},
	{"audit.object_id", "对象编号", "Object ID"},
	{"audit.object_type", "对象类型", "Object type"},
	{"audit.title", "审计日志", "Audit trail"},
	{"audit.to", "截止日期", "To date"},
	{"batch.refuse.decided", "该批次已批复", "This batch has been decided"},
	{"batch.refuse.empty", "批次中还没有申请", "The batch has no applications yet"},
	{"batch.refuse.not_pending", "该申请不在待处理状态", "That application is not pending"},
	{"batch.refuse.notice_running", "公示期尚未结束，批复日期须在公示截止日之后", "The public notice is still running: the approval date must come after its last day"},
	{"batch.refuse.objections", "尚有未处理的异议，请先处理", "Objections are still open: resolve them first"},
	{"batch.refuse.open", "该批次已进入公示，不能再调整", "This batch is no longer open"},
	{"batch.refuse.under_notice", "该批次不在公示中", "This batch is not under public notice"},
	{"batch.title.mid", "年第", ", batch "},
	{"batch.title.post", "批登记注册机构", " of registered institutions"},
	{"batch.title.pre", "机械行业", "Machinery industry "},
	{"btn.cancel", "取消", "Cancel"},
	{"btn.create", "创建", "Create"},
	{"btn.create_token", "创建令牌", "Create token"},
	{"btn.grant", "授予", "Grant"},
	{"btn.login", "登录", "Sign in"},
	{"btn.rename", "更名", "Rename"},
	{"btn.reset_password", "重置密码", "Reset password"},
	{"btn.revoke", "撤销", "Revoke"},
	{"btn.save", "保存", "Save"},
	{"btn.search", "搜索", "Search"},
	{"err.bad_json", "请求体不是有效的 JSON 对象", "The request body is not a valid JSON object"},
	{"err.bad_request", "请求格式错误", "Malformed request"},
	{"err.conflict", "与现有记录冲突", "Conflicts with an existing record"},
	{"err.csrf", "表单已过期或来源不明，请刷新页面后重试", "The form expired or did not come from this site; reload the page and try again"},
	{"err.forbidden", "您没有执行此操作的权限", "You do not have permission to do this"},
	{"err.internal", "服务器内部错误，请稍后重试", "Internal server error, please try again later"},
	{"err.login_failed", "用户名或密码错误", "Wrong user name or password"},
	{"err.login_locked", "登录失败次数过多，账户已暂时锁定，请稍后再试", "Too many failed sign-ins: locked for now, try again later"},
	{"err.login_required", "请先登录", "Please sign in first"},
	{"err.login_wait", "登录失败次数过多，请稍候再试", "Too many failed sign-ins: wait a moment and try again"},
	{"err.method", "不支持该请求方法", "Method not allowed"},
	{"err.not_found", "未找到", "Not found"},
	{"err.password_change_required", "请先修改初始密码", "Change your initial password first"},
	{"err.too_large", "请求体过大", "Request body too large"},
	{"err.too_many", "提交过于频繁，请稍后再试", "Too many submissions: try again later"},
	{"err.unsupported_type", "不支持的内容类型", "Unsupported content type"},
	{"field.approval_doc", "批准文号", "Approval document"},
	{"field.confirm_password", "确认新密码", "Confirm new password"},
	{"field.created_at", "创建时间", "Created"},
	{"field.credit_code", "统一社会信用代码", "Unified social credit code"},
	{"field.current_password", "当前密码", "Current password"},
	{"field.display_name", "姓名", "Display name"},
	{"field.id", "编号", "ID"},
	{"field.institution_id", "机构编号（留空表示全网）", "Institution ID (empty: whole network)"},
	{"field.name", "名称", "Name"},
	{"field.new_name", "新名称", "New name"},
	{"field.new_password", "新密码", "New password"},
	{"field.parent", "上级机构", "Parent institution"},
	{"field.password", "密码", "Password"},
	{"field.province", "所在省份", "Province"},
	{"field.reason", "原因", "Reason"},
	{"field.registration_no", "注册编号", "Registration number"},
	{"field.role", "角色", "Role"},
	{"field.scope", "业务范围", "Authorised scope"},
	{"field.type", "机构类型", "Type"},
	{"field.updated_at", "更新时间", "Updated"},
	{"field.username", "用户名", "User name"},
	{"field.validity", "有效期", "Valid"},
	{"finding.closed", "该整改事项已关闭", "That finding is closed already"},
	{"footer.text", "机械工业职业技能鉴定指导中心 · 技能人才评价平台", "Machinery Industry Vocational Skill Appraisal Guidance Center · Skills Evaluation Platform"},
	{"form.choose", "请选择", "Choose…"},
	{"home.intro", "本平台承载机构注册、职业技能等级认定、证书核发与查询的全流程。", "This platform carries the whole chain: institution registration, skill-level recognition, certificate issuing and verification."},
	{"home.title", "欢迎使用", "Welcome"},
	{"import.duplicate", "文件中名称重复", "The same name appears twice in the file"},
	{"import.empty", "文件为空", "The file is empty"},
	{"import.has_problems", "文件有错误，未导入任何数据", "The file has problems: nothing was imported"},
	{"import.missing_column", "缺少必需的列", "A required column is missing"},
	{"import.unreadable", "无法读取文件：请使用 CSV（UTF-8 或 GB18030）或 XLSX", "The file cannot be read: use CSV (UTF-8 or GB18030) or XLSX"},
	{"inst.created", "机构已创建", "Institution created"},
	{"inst.empty", "暂无机构", "No institutions yet"},
	{"inst.history", "名称历史", "Name history"},
	{"inst.list_title", "评价机构", "Evaluation institutions"},
	{"inst.new_title", "新增机构", "New institution"},
	{"inst.none", "无", "None"},
	{"inst.parent_hint", "上级机构的编号，可在机构列表中查到；指导中心本身不填。", "The parent institution's ID, as shown in the list; leave empty for the center itself."},
	{"inst.rename_title", "机构更名", "Rename institution"},
	{"inst.renamed", "机构已更名", "Institution renamed"},
	{"inst.valid_from", "启用时间", "In force from"},
	{"inst.valid_to", "停用时间", "In force until"},
	{"kind.regional", "地方分中心", "Regional branch"},
	{"kind.sector", "行业分中心", "Sector branch"},
	{"lang.en", "English", "English"},
	{"lang.switch", "语言", "Language"},
	{"lang.zh", "中文", "中文"},
	{"level.1", "一级/高级技师", "Level 1 / senior technician"},
	{"level.2", "二级/技师", "Level 2 / technician"},
	{"level.3", "三级/高级工", "Level 3 / senior worker"},
	{"level.4", "四级/中级工", "Level 4 / intermediate worker"},
	{"level.5", "五级/初级工", "Level 5 / junior worker"},
	{"list.total", "共", "Total:"},
	{"login.title", "登录", "Sign in"},
	{"nav.audit", "审计", "Audit"},
	{"nav.home", "首页", "Home"},
	{"nav.institutions", "机构", "Institutions"},
	{"nav.login", "登录", "Sign in"},
	{"nav.logout", "退出", "Sign out"},
	{"nav.skip", "跳到正文", "Skip to content"},
	{"nav.users", "用户", "Users"},
	{"no", "否", "No"},
	{"objection.closed", "不在公示期内，不能提出异议", "Objections are accepted only during the public notice"},
	{"objection.not_listed", "该机构不在本批次公示名单中", "That institution is not in this batch"},
	{"objection.resolved", "该异议已处理", "That objection is resolved already"},
	{"outcome.fail", "不合格", "Fail"},
	{"outcome.pass", "合格", "Pass"},
	{"outcome.rectify", "限期整改", "Rectify"},
	{"page.not_found", "页面不存在", "Page not found"},
	{"pager.next", "下一页", "Next"},
	{"pager.prev", "上一页", "Previous"},
	{"password.must_change", "这是初始密码，请先设置您自己的密码。", "This is an initial password: set your own before going on."},
	{"password.rules", "至少 10 个字符，包含字母、数字或符号中的两类，且不含用户名。", "At least 10 characters, from two of letters, digits and symbols, without the user name."},
	{"password.title", "修改密码", "Change password"},
	{"plaque.not_registered", "仅已注册且在有效期内的机构可打印注册证书", "Only a registered, valid institution has a registration certificate"},
	{"plaque.title", "评价机构登记注册证书", "Certificate of Registration"},
	{"province.11", "北京市", "Beijing"},
	{"province.12", "天津市", "Tianjin"},
	{"province.13", "河北省", "Hebei"},
	{"province.14", "山西省", "Shanxi"},
	{"province.15", "内蒙古自治区", "Inner Mongolia"},
	{"province.21", "辽宁省", "Liaoning"},
	{"province.22", "吉林省", "Jilin"},
	{"province.23", "黑龙江省", "Heilongjiang"},
	{"province.31", "上海市", "Shanghai"},
	{"province.32", "江苏省", "Jiangsu"},
	{"province.33", "浙江省", "Zhejiang"},
	{"province.34", "安徽省", "Anhui"},
	{"province.35", "福建省", "Fujian"},
	{"province.36", "江西省", "Jiangxi"},
	{"province.37", "山东省", "Shandong"},
	{"province.41", "河南省", "Henan"},
	{"province.42", "湖北省", "Hubei"},
	{"province.43", "湖南省", "Hunan"},
	{"province.44", "广东省", "Guangdong"},
	{"province.45", "广西壮族自治区", "Guangxi"},
	{"province.46", "海南省", "Hainan"},
	{"province.50", "重庆市", "Chongqing"},
	{"province.51", "四川省", "Sichuan"},
	{"province.52", "贵州省", "Guizhou"},
	{"province.53", "云南省", "Yunnan"},
	{"province.54", "西藏自治区", "Tibet"},
	{"province.61", "陕西省", "Shaanxi"},
	{"province.62", "甘肃省", "Gansu"},
	{"province.63", "青海省", "Qinghai"},
	{"province.64", "宁夏回族自治区", "Ningxia"},
	{"province.65", "新疆维吾尔自治区", "Xinjiang"},
	{"province.71", "台湾省", "Taiwan"},
	{"province.81", "香港特别行政区", "Hong Kong"},
	{"province.82", "澳门特别行政区", "Macao"},
	{"reg.refuse.cannot_apply", "当前状态下不能提出申请", "No application can be made in this status"},
	{"reg.refuse.decided", "该申请已处理", "That application is decided already"},
	{"reg.refuse.not_applying", "机构不在申请状态", "The institution is not applying"},
	{"reg.refuse.not_registered", "机构未处于注册状态", "The institution is not registered"},
	{"reg.refuse.not_suspended", "机构未被暂停", "The institution is not suspended"},
	{"reg.refuse.not_under_notice", "机构不在公示中", "The institution is not under public notice"},
	{"reg.refuse.pending", "已有待处理的申请", "An application is already pending"},
	{"reg.refuse.revoked", "注册已撤销，不能再变更", "The registration is revoked: nothing more can change"},
	{"role.assessor", "考评员", "Assessor"},
	{"role.center_admin", "中心管理员", "Center administrator"},
	{"role.exam_officer", "考务人员", "Exam officer"},
	{"role.institution_admin", "机构管理员", "Institution administrator"},
	{"role.supervisor", "督导员", "Supervisor"},
	{"role.viewer", "查看者", "Viewer"},
	{"scope.network", "全网", "Whole network"},
	{"status.applying", "申请中", "Applying"},
	{"status.expired", "已过期", "Expired"},
	{"status.registered", "已注册", "Registered"},
	{"status.rejected", "未通过", "Rejected"},
	{"status.revoked", "已撤销", "Revoked"},
	{"status.suspended", "暂停", "Suspended"},
	{"status.under_notice", "公示中", "Under public notice"},
	{"token.last_used", "最近使用", "Last used"},
	{"token.name", "令牌名称", "Token name"},
	{"token.revoked", "已撤销", "Revoked"},
	{"token.shown_once", "新令牌如下，仅显示这一次，请立即妥善保存：", "Your new token, shown this once only: keep it safe now."},
	{"token.status", "状态", "Status"},
	{"token.title", "API 令牌", "API tokens"},
	{"type.branch_center", "分中心", "Branch center"},
	{"type.center", "指导中心", "Guidance center"},
	{"type.exam_site", "鉴定点", "Exam site"},
	{"type.exam_station", "考试站/鉴定站", "Exam station"},
	{"type.management_station", "管理站", "Management station"},
	{"type.practice_base", "实训基地", "Practical training base"},
	{"type.training_base", "高技能人才培养基地", "High-skill training base"},
	{"users.created", "已创建用户", "User created:"},
	{"users.initial_password", "初始密码（仅显示一次，首次登录须修改）：", "Initial password (shown once; must be changed at first sign-in):"},
	{"users.must_change", "须修改密码", "Must change password"},
	{"users.new", "新增用户", "New user"},
	{"users.password_hint", "系统将生成初始密码，用户首次登录时须修改。", "An initial password is generated; the user must change it at first sign-in."},
	{"users.reset_title", "重置密码", "Reset password"},
	{"users.scope_hint", "授权覆盖该机构及其全部下级机构。", "A grant covers the institution and everything below it."},
	{"users.title", "用户与授权", "Users and grants"},
	{"val.action.invalid", "无效的操作", "Not a valid action"},
	{"val.branch_kind.invalid", "分中心类别应为行业或地方，且仅用于分中心", "Branch kind is sector or regional, for branch centers only"},
	{"val.credit_code.checksum", "统一社会信用代码校验位不符（GB 32100）；如确认无误，请填写说明", "The credit code fails its GB 32100 check character; if it is right anyway, give the reason"},
	{"val.credit_code.format", "统一社会信用代码应为 18 位数字或大写字母", "The credit code must be 18 digits or capital letters"},
	{"val.date.future", "日期不能晚于今天", "The date cannot be in the future"},
	{"val.date.invalid", "日期格式应为 YYYY-MM-DD", "Dates are written YYYY-MM-DD"},
	{"val.display_name.format", "姓名不超过 64 个字且不含控制字符", "The display name is at most 64 characters, without control characters"},
	{"val.doc.format", "文号应为 2 至 64 个字", "The document number is 2 to 64 characters"},
	{"val.doc.required", "请填写文号", "The document number is required"},
	{"val.email.format", "邮箱格式不正确", "Not an e-mail address"},
	{"val.filing.authority", "请填写备案机关（不超过 100 字）", "Give the filing authority (at most 100 characters)"},
	{"val.filing.institution_code", "评价机构代码应为 4 位数字", "The institution code is 4 digits"},
	{"val.filing.site_code", "站点序列码应为 6 位数字", "The site code is 6 digits"},
	{"val.format.invalid", "格式应为 xlsx 或 csv", "The format is xlsx or csv"},
	{"val.grant.exists", "该用户已有此授权", "The user already holds this grant"},
	{"val.grant.unknown", "该用户没有此授权", "The user does not hold this grant"},
	{"val.levels.invalid", "等级应为 1 至 5 的数字，用逗号分隔，例如 5,4,3", "Levels are 1 to 5, comma-separated, e.g. 5,4,3"},
	{"val.name.invalid", "名称含有无效字符", "The name contains invalid characters"},
	{"val.name.length", "名称长度应为 2 至 100 个字", "The name must be 2 to 100 characters long"},
	{"val.name.required", "请填写名称", "The name is required"},
	{"val.name.same", "新名称与现名称相同", "The new name is the same as the current one"},
	{"val.name.taken", "已有同名机构", "An institution with this name already exists"},
	{"val.notice_days.invalid", "公示天数应为 1 至 60", "Notice days are 1 to 60"},
	{"val.objection.body", "异议内容应为 5 至 2000 字", "The objection is 5 to 2000 characters"},
	{"val.objection.contact", "请填写联系方式（不超过 100 字）", "Give a way to contact you (at most 100 characters)"},
	{"val.objection.name", "请填写姓名（不超过 50 字）", "Give your name (at most 50 characters)"},
	{"val.occupation.code", "职业编码格式应为 D-DD-DD-DD，例如 6-18-01-01", "Occupation codes look like 6-18-01-01"},
	{"val.occupation.name", "请填写职业名称（不超过 50 字）", "Give the occupation's name (at most 50 characters)"},
	{"val.outcome.invalid", "请选择年检结论", "Choose the inspection outcome"},
	{"val.parent.not_found", "上级机构不存在", "The parent institution does not exist"},
	{"val.password.current", "当前密码不正确", "The current password is wrong"},
	{"val.password.long", "密码不能超过 128 个字符", "The password must be at most 128 characters"},
	{"val.password.mismatch", "两次输入的新密码不一致", "The two new passwords differ"},
	{"val.password.same", "新密码不能与当前密码相同", "The new password must differ from the current one"},
	{"val.password.short", "密码至少需要 10 个字符", "The password needs at least 10 characters"},
	{"val.password.username", "密码不能包含用户名", "The password must not contain the user name"},
	{"val.password.weak", "密码须包含字母、数字、符号中的至少两类", "The password needs two of: letters, digits, symbols"},
	{"val.province.invalid", "请选择有效的省份", "Choose a valid province"},
	{"val.reason.length", "原因不得超过 500 个字", "The reason must be at most 500 characters"},
	{"val.reason.required", "请填写原因", "The reason is required"},
	{"val.role.invalid", "请选择有效的角色", "Choose a valid role"},
	{"val.status.invalid", "无效的状态", "Not a valid status"},
	{"val.text.format", "内容过长或含有控制字符", "Too long, or contains control characters"},
	{"val.token_name.format", "请填写不超过 64 个字的令牌名称", "Give the token a name of at most 64 characters"},
	{"val.type.invalid", "请选择有效的机构类型", "Choose a valid institution type"},
	{"val.username.format", "用户名为 3 至 32 位小写字母、数字或 . _ -，以字母开头", "User names are 3 to 32 lowercase letters, digits or . _ -, starting with a letter"},
	{"val.username.required", "请填写用户名", "The user name is required"},
	{"val.username.taken", "用户名已被使用", "This user name is taken"},
	{"val.username.unknown", "没有这个用户", "No such user"},
	{"val.year.invalid", "年份无效", "Not a valid year"},
	{"yes", "是", "Yes"},
};

static int cmp_key(const void *k, const void *e)
{
	return strcmp(k, ((const struct i18n_entry *)e)->key);
}

const char *tr(enum lang lang, const char *key)
{
	const struct i18n_entry *e =
		bsearch(key, catalog, sizeof(catalog) / sizeof(catalog[0]),
			sizeof(catalog[0]), cmp_key);

	if (!e)
		return key;
	return lang == LANG_EN ? e->en : e->zh;
}

const char *lang_code(enum lang lang) { return lang == LANG_EN ? "en" : "zh"; }

int lang_parse(const char *s)
{
	if (!s)
		return -1;
	if (strncasecmp(s, "zh", 2) == 0 && (s[2] == '\0' || s[2] == '-' || s[2] == '_'))
		return LANG_ZH;
	if (strncasecmp(s, "en", 2) == 0 && (s[2] == '\0' || s[2] == '-' || s[2] == '_'))
		return LANG_EN;
	return -1;
}

enum lang lang_from_accept(const char *h)
{
	int best = -1;
	double best_q = -1.0;

	while (h && *h) {
		char tag[16];
		size_t n = 0;
		double q = 1.0;
		int l;

		while (*h == ' ' || *h == ',')
			h++;
		while (*h && *h != ',' && *h != ';' && *h != ' ' && n < sizeof(tag) - 1)
			tag[n++] = *h++;
		tag[n] = '\0';
		while (*h && *h != ',') {
			if (h[0] == ';' || h[0] == ' ') {
				h++;
				continue;
			}
			if (h[0] == 'q' && h[1] == '=') {
				q = strtod(h + 2, NULL);
			}
			while (*h && *h != ',' && *h != ';')
				h++;
		}
		l = lang_parse(tag);
		if (l >= 0 && q > 0 && q > best_q) {
			best = l;
			best_q = q;
		}
	}
	return best < 0 ? LANG_ZH : (enum lang)best;
}

enum lang lang_choose(const char *explicit_choice, const char *remembered,
		      const char *accept_language)
{
	int l = lang_parse(explicit_choice);

	if (l < 0)
		l = lang_parse(remembered);
	return l >= 0 ? (enum lang)l : lang_from_accept(accept_language);
}

const char *i18n_reason_key(const char *reason)
{
	static const struct {
		const char *reason, *key;
	} keys[] = {
		{"not_found", "err.not_found"},
		{"method_not_allowed", "err.method"},
		{"too_large", "err.too_large"},
		{"bad_request", "err.bad_request"},
		{"login_required", "err.login_required"},
		{"forbidden", "err.forbidden"},
		{"csrf", "err.csrf"},
		{"password_change_required", "err.password_change_required"},
	};

	for (size_t i = 0; reason && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].reason, reason))
			return keys[i].key;
	return "err.internal";
}

const struct i18n_entry *i18n_table(size_t *count)
{
	*count = sizeof(catalog) / sizeof(catalog[0]);
	return catalog;
}
