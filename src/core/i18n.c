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
	{"app.name", "技能人才评价平台", "Skills Evaluation Platform"},
	{"app.org", "机械工业职业技能鉴定指导中心", "Machinery Industry Vocational Skill Appraisal Guidance Center"},
	{"btn.cancel", "取消", "Cancel"},
	{"btn.create", "创建", "Create"},
	{"btn.rename", "更名", "Rename"},
	{"btn.search", "搜索", "Search"},
	{"err.bad_json", "请求体不是有效的 JSON 对象", "The request body is not a valid JSON object"},
	{"err.bad_request", "请求格式错误", "Malformed request"},
	{"err.conflict", "与现有记录冲突", "Conflicts with an existing record"},
	{"err.internal", "服务器内部错误，请稍后重试", "Internal server error, please try again later"},
	{"err.method", "不支持该请求方法", "Method not allowed"},
	{"err.not_found", "未找到", "Not found"},
	{"err.too_large", "请求体过大", "Request body too large"},
	{"err.unsupported_type", "不支持的内容类型", "Unsupported content type"},
	{"field.created_at", "创建时间", "Created"},
	{"field.credit_code", "统一社会信用代码", "Unified social credit code"},
	{"field.id", "编号", "ID"},
	{"field.name", "名称", "Name"},
	{"field.new_name", "新名称", "New name"},
	{"field.parent", "上级机构", "Parent institution"},
	{"field.province", "所在省份", "Province"},
	{"field.reason", "原因", "Reason"},
	{"field.type", "机构类型", "Type"},
	{"field.updated_at", "更新时间", "Updated"},
	{"footer.text", "机械工业职业技能鉴定指导中心 · 技能人才评价平台", "Machinery Industry Vocational Skill Appraisal Guidance Center · Skills Evaluation Platform"},
	{"home.intro", "本平台承载机构注册、职业技能等级认定、证书核发与查询的全流程。", "This platform carries the whole chain: institution registration, skill-level recognition, certificate issuing and verification."},
	{"home.title", "欢迎使用", "Welcome"},
	{"inst.created", "机构已创建", "Institution created"},
	{"inst.empty", "暂无机构", "No institutions yet"},
	{"inst.history", "名称历史", "Name history"},
	{"inst.list_title", "评价机构", "Evaluation institutions"},
	{"inst.new_title", "新增机构", "New institution"},
	{"inst.none", "无", "None"},
	{"inst.rename_title", "机构更名", "Rename institution"},
	{"inst.renamed", "机构已更名", "Institution renamed"},
	{"inst.valid_from", "启用时间", "In force from"},
	{"inst.valid_to", "停用时间", "In force until"},
	{"lang.en", "English", "English"},
	{"lang.switch", "语言", "Language"},
	{"lang.zh", "中文", "中文"},
	{"nav.home", "首页", "Home"},
	{"nav.institutions", "机构", "Institutions"},
	{"nav.skip", "跳到正文", "Skip to content"},
	{"page.not_found", "页面不存在", "Page not found"},
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
	{"type.branch_center", "分中心", "Branch center"},
	{"type.center", "指导中心", "Guidance center"},
	{"type.exam_site", "鉴定点", "Exam site"},
	{"type.exam_station", "考试站/鉴定站", "Exam station"},
	{"type.management_station", "管理站", "Management station"},
	{"type.practice_base", "实训基地", "Practical training base"},
	{"type.training_base", "高技能人才培养基地", "High-skill training base"},
	{"val.credit_code.format", "统一社会信用代码应为 18 位数字或大写字母", "The credit code must be 18 digits or capital letters"},
	{"val.name.invalid", "名称含有无效字符", "The name contains invalid characters"},
	{"val.name.length", "名称长度应为 2 至 100 个字", "The name must be 2 to 100 characters long"},
	{"val.name.required", "请填写名称", "The name is required"},
	{"val.name.same", "新名称与现名称相同", "The new name is the same as the current one"},
	{"val.name.taken", "已有同名机构", "An institution with this name already exists"},
	{"val.parent.not_found", "上级机构不存在", "The parent institution does not exist"},
	{"val.province.invalid", "请选择有效的省份", "Choose a valid province"},
	{"val.reason.length", "原因不得超过 500 个字", "The reason must be at most 500 characters"},
	{"val.type.invalid", "请选择有效的机构类型", "Choose a valid institution type"},
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

const struct i18n_entry *i18n_table(size_t *count)
{
	*count = sizeof(catalog) / sizeof(catalog[0]);
	return catalog;
}
