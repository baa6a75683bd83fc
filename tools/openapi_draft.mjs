// tools/openapi_draft.mjs - drafts the OpenAPI shapes (src/api/shapes/*.json)
// of the API routes from recorded e2e traffic.
//
//   SKILLCERT_OPENAPI_LOG=/tmp/oapi-log SKILLCERT_BIN=./skillcert node --test tests/e2e/
//   node tools/openapi_draft.mjs /tmp/oapi-log            # prints what it would add
//   node tools/openapi_draft.mjs /tmp/oapi-log --write    # adds it to the files
//   node tools/openapi_draft.mjs /tmp/oapi-log --write --only 'GET /api/v1/x'
//   node tools/openapi_draft.mjs --format     # rewrites every shape file in the house layout
//
// Each API route of src/cli/routes.c goes to the shape file of the
// src/api/*.c file that defines its handler. An operation a file already
// has is left alone (the drafts are a start: read the handler and correct
// them), unless --only names it (then it is drafted again). The draft
// infers a JSON Schema from the bodies the traffic carried: the types seen
// (integer and number merged to number), objects with every key seen and
// required = the keys present in every sample, additionalProperties: false,
// arrays with the items merged; request bodies from the calls that
// succeeded, with the members the handler reads (str_of(b, "x") ...) that
// no call sent as optional members (typed by the reader: str_of a string,
// int_of an integer ...); the query parameters seen
// and those the handler reads (http_query); the summary from the handler's
// name and the description from the docs/api.md table row of the route.
// A route the traffic never reached is drafted as "undescribed": a
// permissive schema the check lists.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const logDir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--only');
const write = args.includes('--write');
const only = new Set();
for (let i = 0; i < args.length; i++) if (args[i] === '--only') only.add(args[++i]);
if (!logDir && !args.includes('--format')) {
	console.error('usage: node tools/openapi_draft.mjs LOGDIR [--write] [--only "METHOD /path"]...');
	process.exit(2);
}

/* routes.c: method, pattern, handler, flags of every route */
const routesText = fs.readFileSync(path.join(ROOT, 'src/cli/routes.c'), 'utf8');
const routes = [];
for (const m of routesText.matchAll(/\{"(GET|POST|PUT|DELETE|PATCH)", "([^"]+)",\s*(\w+),\s*([A-Z_| ]+)/g)) {
	if (!/\bAPI\b|PUBLIC_API/.test(m[4])) continue;
	routes.push({ method: m[1], pattern: m[2], handler: m[3], upload: /UPLOAD/.test(m[4]) });
}

/* handler -> the api/*.c file defining it, and the query parameters its
 * body reads (http_query(req, "name"), api_dry_run()) */
const fileOf = new Map();
const queryOf = new Map();
const membersOf = new Map();
for (const f of fs.readdirSync(path.join(ROOT, 'src/api'))) {
	if (!f.endsWith('.c')) continue;
	const text = fs.readFileSync(path.join(ROOT, 'src/api', f), 'utf8');
	const defs = [...text.matchAll(/^void (api_\w+)\(struct http_req \*req[^\n]*\n\{/gm)];
	defs.forEach((m) => {
		fileOf.set(m[1], f.replace(/\.c$/, ''));
		const end = text.indexOf('\n}\n', m.index);
		const body = text.slice(m.index, end < 0 ? text.length : end);
		const names = new Set([...body.matchAll(/http_query\(req, "(\w+)"/g)].map((x) => x[1]));
		if (/api_dry_run\(req\)/.test(body)) names.add('dry_run');
		queryOf.set(m[1], names);
		/* the members of the body b it reads: str_of(b, "x"), api_get_string(req, resp, b, "x") ... */
		const typed = { str_of: 'string', api_get_string: 'string', str_member: 'string', field_of: 'string', int_of: 'integer', int_member: 'integer', id_of: 'integer' };
		membersOf.set(m[1], new Map([...body.matchAll(/(\w+)\((?:req, resp, )?b, "(\w+)"/g)].map((x) => [x[2], typed[x[1]] ? { type: typed[x[1]] } : {}])));
	});
}

/* docs/api.md: the table row of each route, and its section */
const docRows = new Map();
{
	let section = '';
	for (const line of fs.readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8').split('\n')) {
		const h = /^##+ (.*)/.exec(line);
		if (h) section = h[1];
		const r = /^\| `(GET|POST) ([^`?]+)[^`]*` \|[^|]*\| (.*) \|\s*$/.exec(line);
		if (r && !docRows.has(`${r[1]} ${r[2]}`)) docRows.set(`${r[1]} ${r[2]}`, { section, text: r[3] });
	}
}

function escapeRe(s) {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const matchers = routes
	.map((r) => ({
		key: `${r.method} ${r.pattern}`,
		method: r.method,
		nparams: (r.pattern.match(/\{/g) || []).length,
		re: new RegExp('^' + r.pattern.split(/(\{[^}]+\})/).map((p) => (p.startsWith('{') ? '[^/]+' : escapeRe(p))).join('') + '$'),
	}))
	.sort((a, b) => a.nparams - b.nparams);

/* ---------- schema inference ---------- */
function kind(v) {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (Number.isInteger(v)) return 'integer';
	return typeof v; // number string boolean object
}

/* an accumulator per position: types seen, object keys, array items */
function acc() {
	return { n: 0, types: new Set(), keys: new Map(), objects: 0, items: null };
}
function add(a, v) {
	a.n++;
	const k = kind(v);
	a.types.add(k);
	if (k === 'object') {
		a.objects++;
		for (const [key, val] of Object.entries(v)) {
			let c = a.keys.get(key);
			if (!c) a.keys.set(key, (c = acc()));
			add(c, val);
		}
	} else if (k === 'array') {
		if (!a.items) a.items = acc();
		for (const x of v) add(a.items, x);
	}
}
function schemaOf(a) {
	if (!a || a.n === 0) return {};
	let types = [...a.types];
	if (types.includes('integer') && types.includes('number')) types = types.filter((t) => t !== 'integer');
	/* only null seen: most nullable members are texts (dates) */
	if (types.length === 1 && types[0] === 'null') types.push('string');
	types.sort();
	const s = { type: types.length === 1 ? types[0] : types };
	if (a.types.has('object')) {
		s.properties = {};
		const req = [];
		for (const key of [...a.keys.keys()].sort()) {
			const c = a.keys.get(key);
			s.properties[key] = schemaOf(c);
			if (c.n === a.objects) req.push(key);
		}
		if (req.length) s.required = req;
		s.additionalProperties = false;
	}
	if (a.types.has('array')) s.items = a.items && a.items.n ? schemaOf(a.items) : {};
	return shared(s);
}

/* the shared shapes of src/api/shapes/system.json */
const ID = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'], additionalProperties: false };
const OK = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
/* the components of every shape file: an inferred object whose keys are
 * all the component's, holding every key it requires, is drafted as a
 * reference to it */
const components = new Map();
for (const f of fs.readdirSync(path.join(ROOT, 'src/api/shapes'))) {
	if (!f.endsWith('.json')) continue;
	const c = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/api/shapes', f), 'utf8')).components || {};
	for (const [name, schema] of Object.entries(c)) if (schema.properties && name !== 'Id' && name !== 'Ok') components.set(name, schema);
}
function shared(s) {
	const j = JSON.stringify(s);
	if (j === JSON.stringify(ID)) return { $ref: '#/components/schemas/Id' };
	if (j === JSON.stringify(OK)) return { $ref: '#/components/schemas/Ok' };
	if (s.type !== 'object' || !s.properties) return s;
	const keys = Object.keys(s.properties);
	for (const [name, c] of components) {
		if (keys.every((k) => k in c.properties) && (c.required || []).every((k) => keys.includes(k))) return { $ref: `#/components/schemas/${name}` };
	}
	return s;
}

/* ---------- the traffic ---------- */
const perOp = new Map();
for (const f of logDir ? fs.readdirSync(logDir) : []) {
	if (!f.endsWith('.jsonl')) continue;
	for (const line of fs.readFileSync(path.join(logDir, f), 'utf8').split('\n')) {
		if (!line) continue;
		const c = JSON.parse(line);
		const [p, q] = c.p.split('?');
		const m = matchers.find((x) => x.method === (c.m === 'HEAD' ? 'GET' : c.m) && x.re.test(p));
		if (!m) continue;
		let o = perOp.get(m.key);
		if (!o) perOp.set(m.key, (o = { req: acc(), reqTypes: new Set(), query: new Set(), res: new Map() }));
		if (q) for (const k of new URLSearchParams(q).keys()) o.query.add(k);
		if (c.s < 200 || c.s >= 300) continue;
		if (c.rqct) o.reqTypes.add(c.rqct.split(';')[0].trim());
		if (c.rq !== undefined) add(o.req, c.rq);
		let r = o.res.get(c.s);
		if (!r) o.res.set(c.s, (r = { media: new Set(), body: acc() }));
		r.media.add((c.ct || '').split(';')[0].trim());
		if (c.rs !== undefined) add(r.body, c.rs);
	}
}

function summaryOf(handler) {
	return handler.replace(/^api_/, '').replace(/_/g, ' ');
}

function draft(r) {
	const key = `${r.method} ${r.pattern}`;
	const o = perOp.get(key);
	const doc = docRows.get(key);
	const shape = { summary: summaryOf(r.handler) };
	if (doc) shape.description = doc.text;
	if (!o || o.res.size === 0) {
		shape.undescribed = true;
		return shape;
	}
	o.query = o.query || new Set();
	const query = new Set([...o.query, ...(queryOf.get(r.handler) || [])]);
	if (query.size) {
		shape.query = {};
		for (const q of [...query].sort()) shape.query[q] = { type: 'string' };
	}
	if (o.req.n) {
		shape.request = schemaOf(o.req);
		/* members the handler reads that no call sent: optional, of any type */
		if (shape.request.properties) for (const [k, t] of [...(membersOf.get(r.handler) || [])].sort()) if (!(k in shape.request.properties)) shape.request.properties[k] = t;
	}
	else if (r.upload || [...o.reqTypes].some((t) => t && t !== 'application/json')) {
		shape.upload = {};
		for (const t of [...o.reqTypes].sort()) if (t && t !== 'application/json') shape.upload[t] = {};
		if (!Object.keys(shape.upload).length) shape.upload['application/octet-stream'] = {};
	}
	shape.responses = {};
	for (const [s, rr] of [...o.res].sort((a, b) => a[0] - b[0])) {
		const media = [...rr.media].filter(Boolean).sort();
		const other = media.filter((m) => m !== 'application/json');
		const r = {};
		if (media.includes('application/json')) r.json = schemaOf(rr.body);
		if (other.length) r.media = other.length === 1 ? other[0] : other;
		if (!media.length) r.description = 'no body';
		shape.responses[s] = r;
	}
	return shape;
}

const files = new Map();
for (const r of logDir ? routes : []) {
	const key = `${r.method} ${r.pattern}`;
	const file = fileOf.get(r.handler) || 'system';
	const fp = path.join(ROOT, 'src/api/shapes', `${file}.json`);
	if (!files.has(fp)) files.set(fp, fs.existsSync(fp) ? JSON.parse(fs.readFileSync(fp, 'utf8')) : { operations: {} });
	const shapes = files.get(fp);
	if (shapes.operations[key] && !only.has(key)) continue;
	if (only.size && !only.has(key)) continue;
	shapes.operations[key] = draft(r);
	console.log(`${write ? 'drafted' : 'would draft'} ${key} -> ${path.relative(ROOT, fp)}${shapes.operations[key].undescribed ? ' (undescribed: no traffic)' : ''}`);
}
/* JSON as the shape files keep it: a value whose compact form fits on
 * its line stays on it, a longer object or array opens one member a line */
function flatten(v) {
	if (v === null || typeof v !== 'object') return JSON.stringify(v);
	if (Array.isArray(v)) return '[' + v.map(flatten).join(', ') + ']';
	return '{' + Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${flatten(x)}`).join(', ') + '}';
}
export function format(v, indent = '') {
	const flat = flatten(v);
	if (flat.length + indent.length <= 100 || v === null || typeof v !== 'object') return flat;
	const inner = indent + '\t';
	if (Array.isArray(v)) return '[\n' + v.map((x) => inner + format(x, inner)).join(',\n') + '\n' + indent + ']';
	return '{\n' + Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner)}`).join(',\n') + '\n' + indent + '}';
}
if (args.includes('--format')) {
	for (const f of fs.readdirSync(path.join(ROOT, 'src/api/shapes'))) {
		if (!f.endsWith('.json')) continue;
		const fp = path.join(ROOT, 'src/api/shapes', f);
		files.set(fp, JSON.parse(fs.readFileSync(fp, 'utf8')));
	}
}
if (write || args.includes('--format')) for (const [fp, shapes] of files) fs.writeFileSync(fp, format(shapes) + '\n');
