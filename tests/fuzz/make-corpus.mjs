// make-corpus.mjs - writes the seed corpora of the fuzz drivers:
// tests/fuzz/corpus/<driver>/<name>, small valid inputs and edge cases.
// The files are committed; run this again (node tests/fuzz/make-corpus.mjs)
// after changing a driver's input format. It only adds and overwrites
// its own seeds: inputs saved by hand (regressions, crash-*) stay.
//
// The signed seeds use the drivers' fixed key (tests/fuzz/sign_fixture.h:
// the Ed25519 seed 01 02 .. 20, key id ed25519-TU2-kXVEsHkiNIpm).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { xlsx, zip } from '../e2e/xlsx.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = (driver, name, data) => {
	const dir = path.join(here, 'corpus', driver);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, name), typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
};
const b = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const b64u = (x) => Buffer.from(x).toString('base64url');
const mode = (m, x) => b([m], x);

/* ---------- the fixture key ---------- */
const SEED = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1));
const KEY = crypto.createPrivateKey({
	key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), SEED]),
	format: 'der',
	type: 'pkcs8',
});
const PUB = crypto.createPublicKey(KEY).export({ format: 'der', type: 'spki' }).subarray(-32);
const KID = 'ed25519-TU2-kXVEsHkiNIpm';
const JWKS = JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: b64u(PUB), kid: KID, alg: 'EdDSA', use: 'sig' }] });
const sign = (msg) => crypto.sign(null, Buffer.from(msg), KEY);
const jws = (payload, header = { alg: 'EdDSA', kid: KID, typ: 'vc+jwt' }) => {
	const input = `${b64u(JSON.stringify(header))}.${b64u(payload)}`;
	return `${input}.${b64u(sign(input))}`;
};
const token = (fields) => {
	const input = `v1.${b64u(fields)}`;
	return `${input}.${b64u(sign(input))}`;
};

/* ---------- multipart ---------- */
const MP = 'multipart/form-data; boundary=XyZ';
const part = (name, body, filename) =>
	`--XyZ\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? 'Content-Type: text/csv\r\n' : ''}\r\n${body}\r\n`;
out('multipart', 'form', `${MP}\n${part('name', '机构')}${part('csrf', 'abc')}--XyZ--\r\n`);
out('multipart', 'file', `${MP}\n${part('file', 'a,b\r\n1,2', 'a.csv')}${part('note', '')}--XyZ--\r\n`);
out('multipart', 'quoted-boundary', `multipart/form-data; boundary="a b;c"\n--a b;c\r\nContent-Disposition: form-data; name=name\r\n\r\nx\r\n--a b;c--`);
out('multipart', 'no-close', `${MP}\n${part('name', 'x')}`);
out('multipart', 'no-header-line', `--XyZ\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\n\r\n--XyZ--`);
out('multipart', 'many-parts', `${MP}\n${Array.from({ length: 70 }, (_, i) => part(`f${i}`, `${i}`)).join('')}--XyZ--\r\n`);
out('multipart', 'nul-in-part', b(`${MP}\n${part('name', 'ab')}`.replace('ab', 'a'), [0], 'b\r\n--XyZ--'));
out('multipart', 'urlencoded', 'application/x-www-form-urlencoded\nname=a%20b&csrf=1&file=%E5%A7%93&note=');
out('multipart', 'empty', `${MP}\n`);

/* ---------- json ---------- */
out('json', 'institution', JSON.stringify({ name: '机械工业职业技能鉴定指导中心', type: 'exam_site', province: '11', credit_code: '91110000100000589B', parent_id: 3, address: 'x', contact_email: 'a@b.c' }));
out('json', 'rename', '{"name":"新名","reason":"更名","doc_no":"机职鉴字[2021]29号"}');
out('json', 'types', '{"name":1,"reason":null,"doc_no":[],"parent_id":-1,"x":1.5e308,"y":true}');
out('json', 'deep', '{"a":' + '['.repeat(40) + ']'.repeat(40) + '}');
out('json', 'dup', '{"name":"a","name":"b"}');
out('json', 'big-int', '{"parent_id":4294967301,"capacity":99999999999999999999}');
out('json', 'escapes', '{"name":"a\\u0000b\\ud83d\\ude00\\ud800"}');
out('json', 'bad-utf8', b('{"name":"', [0xc3, 0x28], '"}'));
out('json', 'array', '[1,2,3]');
out('json', 'empty', '');

/* ---------- form ---------- */
out('form', 'fields', 'name=%E6%9C%BA%E6%9E%84&type=exam_site&capacity=30&csrf=abc');
out('form', 'plus', 'q=a+b+%2B&lang=zh');
out('form', 'nul', 'name=ab%00cd');
out('form', 'bad-escape', 'a=%zz&b=%4');
out('form', 'empty-parts', '&&=&a&=b&');
out('form', 'many', Array.from({ length: 70 }, (_, i) => `f${i}=${i}`).join('&'));
out('form', 'int-edge', 'capacity=4294967301&n=-0&m=9223372036854775808');
out('form', 'utf8-overlong', 'x=%C0%AF%ED%A0%80%F4%90%80%80');

/* ---------- CSV ---------- */
const csvRows = '姓名,证件类型,证件号码,性别\r\n张三,resident_id,11010519491231002X,M\r\n李四,passport,E12345678,F\r\n';
out('csv_utf8', 'people', csvRows);
out('csv_utf8', 'quoted', '"a,b","c""d","e\r\nf"\r\n1,2,3\n\n4,5,6');
out('csv_utf8', 'stray-quote', 'a,b"c\r\n"d');
out('csv_utf8', 'unbalanced', '"abc\r\n1,2');
out('csv_utf8', 'formula', '=1+1,@SUM(A1),+x,-y\r\n');
out('csv_utf8', 'wide', Array.from({ length: 300 }, (_, i) => `c${i}`).join(',') + '\n');
out('csv_utf8', 'bad-utf8', b('a,', [0xff, 0xfe], ',c\n'));
out('csv_utf8', 'only-bom', b([0xef, 0xbb, 0xbf]));
const GB = { 姓名: [0xd0, 0xd5, 0xc3, 0xfb], 张三: [0xd5, 0xc5, 0xc8, 0xfd], 证件号码: [0xd6, 0xa4, 0xbc, 0xfe, 0xba, 0xc5, 0xc2, 0xeb] };
out('csv_gb18030', 'people', b(',', GB.姓名, ',', GB.证件号码, '\r\n', GB.张三, ',11010519491231002X\r\n'));
out('csv_gb18030', 'four-byte', b(',', [0x81, 0x30, 0x81, 0x30], ',', [0x95, 0x32, 0x82, 0x36], '\r\n'));
out('csv_gb18030', 'bad-trail', b(',', [0x81, 0x20], ',', [0xff], '\n'));
out('csv_gb18030', 'cut', b(',"', GB.张三, '",', [0xd5]));
out('csv_gb18030', 'utf8-then-bad', b('张三,李四,王五,赵六,钱七\n', [0xd0, 0xd5], '\n'));
out('csv_gb18030', 'ole', b([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'xls'));

/* ---------- XLSX ---------- */
out('xlsx', 'people.xlsx', xlsx([['姓名', '证件号码'], ['张三', '11010519491231002X'], ['', 'x']]));
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
const SEP = '\n--part--\n';
const parts = (...p) => p.join(SEP);
const book = `<workbook ${NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const rels = `<Relationships ${REL}><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const sheet = (rows) => `<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;
out('xlsx', 'shared', parts(
	sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row><row r="3"><c r="B3"><v>42.5</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c></row>'),
	`<sst ${NS} count="2" uniqueCount="2"><si><t>姓名</t></si><si><r><t>a_x000D_</t></r><r><t xml:space="preserve"> b</t></r><rPh><t>x</t></rPh></si></sst>`,
	book, rels));
out('xlsx', 'inline', parts(sheet('<row r="2"><c r="XFD2" t="inlineStr"><is><t>z</t></is></c><c t="str"><v>f</v></c></row>')));
out('xlsx', 'bad-col', parts(sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>')));
out('xlsx', 'bad-index', parts(sheet('<row r="1"><c r="A1" t="s"><v>7</v></c><c r="B1" t="s"><v>-1</v></c></row>'), `<sst ${NS}><si><t>a</t></si></sst>`));
out('xlsx', 'dtd', parts(sheet('<row><c><v>1</v></c></row>'), `<!DOCTYPE sst [<!ENTITY a "aaaa">]><sst ${NS}><si><t>&a;</t></si></sst>`));
out('xlsx', 'rels-elsewhere', parts(sheet(''), '', book, rels.replace('worksheets/sheet1.xml', '/xl/charts/../sheet9.xml')));
out('xlsx', 'empty', '');

/* ---------- ZIP archives (bulk photos) ---------- */
out('archive', 'photos.zip', zip([['110105194912310021.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xd9])], ['dir/', Buffer.alloc(0)],
	['dir/440524188001010014.png', Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')], ['__MACOSX/dir/._x.png', Buffer.from('x')]]));
out('archive', 'deflated.zip', zip([['a.jpg', Buffer.alloc(5000, 0x61)], ['b.png', Buffer.from('small')]], { deflate: true }));
out('archive', 'empty', '');

/* ---------- ID numbers ---------- */
const gbCheck = (s17) => {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...s17].reduce((a, c, i) => a + Number(c) * w[i], 0);
	return '10X98765432'[sum % 11];
};
const id18 = (s17) => s17 + gbCheck(s17);
const fw = (s) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
out('idcard', 'resident', id18('11010519491231002'));
out('idcard', 'resident-15', '110105491231002');
out('idcard', 'full-width', `\u3000${fw(id18('44052419800101001').toLowerCase())}\u3000`);
out('idcard', 'hmt', id18('81000019900101123'));
out('idcard', 'hk-permit', 'H1234567890');
out('idcard', 'taiwan', '12345678');
out('idcard', 'foreign-2023', id18('93311519900101123'));
out('idcard', 'foreign-2017', 'USA123456789012');
out('idcard', 'passport', 'E12345678');
out('idcard', 'feb-29', id18('11010520000229123'));
out('idcard', 'future', id18('11010520991231123'));
out('idcard', 'inner-space', '110105 19491231002X');
out('idcard', 'name', '欧阳小锋');
out('idcard', 'bad-utf8', b([0xe5, 0xa7]));

/* ---------- credit codes and registry fields ---------- */
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const uscc = (s17) => {
	const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const sum = [...s17].reduce((a, c, i) => a + USCC.indexOf(c) * w[i], 0);
	return s17 + USCC[(31 - (sum % 31)) % 31];
};
out('creditcode', 'valid', uscc('91110000100000589'));
out('creditcode', 'bad-check', '911100001000005890');
out('creditcode', 'lower', uscc('91110000100000589').toLowerCase());
out('creditcode', 'excluded-letters', '91110000I0O0Z0S89V');
out('creditcode', 'reg-number', 'JXJD20210001');
out('creditcode', 'doc', '机职鉴字[2021]29号');
out('creditcode', 'occupation', '6-18-01-01');
out('creditcode', 'levels', '5,4,3');
out('creditcode', 'filing', '000123');
out('creditcode', 'leap', '2024-02-29');
out('creditcode', 'year-end', '9999-12-31');

/* ---------- certificate numbers ---------- */
out('certno', 'skill', 'S000011000123244000001');
out('certno', 'employer', 'Y123444000001991999999');
out('certno', 'legacy-16', '2411010123300001');
out('certno', 'legacy-13', '1234567890123');
out('certno', 'legacy-other', 'AB12CD34');
out('certno', 'pattern', 'JX{YYYY}{L}{N6}');
out('certno', 'pattern-all', '{P}-{INST}-{SITE}-{YY}{L}{N8}');
out('certno', 'pattern-two-serials', '{N4}{N6}');
out('certno', 'pattern-open', 'JX{YYYY');

/* ---------- standards ---------- */
const stdDir = path.join(here, '..', '..', 'standards');
for (const f of fs.readdirSync(stdDir).filter((f) => f.endsWith('.json')).sort().slice(0, 3))
	out('standard', f, fs.readFileSync(path.join(stdDir, f)));
out('standard', 'minimal', '{}');
out('standard', 'not-object', '[]');

/* ---------- competition technical documents ---------- */
const compDir = path.join(here, '..', '..', 'competitions');
for (const f of fs.readdirSync(compDir).filter((f) => f.endsWith('.json')).sort())
	out('competition', f, fs.readFileSync(path.join(compDir, f)));
out('competition', 'minimal', '{}');
out('competition', 'not-object', '[]');

/* ---------- commendation rules documents ---------- */
const commDir = path.join(here, '..', '..', 'commendations');
for (const f of fs.readdirSync(commDir).filter((f) => f.endsWith('.json')).sort())
	out('commendation', f, fs.readFileSync(path.join(commDir, f)));
out('commendation', 'minimal', '{}');
out('commendation', 'not-object', '[]');

/* ---------- apprenticeship rules documents ---------- */
const apprDir = path.join(here, '..', '..', 'apprenticeships');
for (const f of fs.readdirSync(apprDir).filter((f) => f.endsWith('.json')).sort())
	out('apprenticeship', f, fs.readFileSync(path.join(apprDir, f)));
out('apprenticeship', 'minimal', '{}');
out('apprenticeship', 'not-object', '[]');

/* ---------- post-skill specifications (issue 15) ---------- */
const specDir = path.join(here, '..', '..', 'post_specs');
for (const f of fs.readdirSync(specDir).filter((f) => f.endsWith('.json')).sort())
	out('post_spec', f, fs.readFileSync(path.join(specDir, f)));
out('post_spec', 'minimal', '{}');
out('post_spec', 'not-object', '[]');

/* ---------- supervision rules (issue 16) ---------- */
const supDir = path.join(here, '..', '..', 'supervision');
for (const f of fs.readdirSync(supDir).filter((f) => f.endsWith('.json')).sort())
	out('supervision', f, fs.readFileSync(path.join(supDir, f)));
out('supervision', 'minimal', '{}');
out('supervision', 'not-object', '[]');

/* ---------- photos ---------- */
const jpeg = (w, h) => b(
	[0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
	[0xff, 0xc0, 0, 11, 8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0],
	[0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0], [0x12, 0x34],
	[0xff, 0xd9]);
function crc32(buf) {
	let crc = 0xffffffff;
	for (const x of buf) {
		let c = (crc ^ x) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}
const chunk = (type, data) => {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = b(type, data);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return b(len, td, crc);
};
const png = (w, h) => {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8;
	ihdr[9] = 2;
	return b([0x89], 'PNG\r\n', [0x1a, 0x0a], chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc((w * 3 + 1) * h))), chunk('IEND', Buffer.alloc(0)));
};
out('photo', 'jpeg', jpeg(358, 441));
out('photo', 'png', png(64, 80));
out('photo', 'jpeg-small', jpeg(10, 10));
out('photo', 'jpeg-huge', jpeg(60000, 60000));
out('photo', 'jpeg-truncated', jpeg(358, 441).subarray(0, 30));
out('photo', 'png-no-iend', png(64, 64).subarray(0, 33));
out('photo', 'gif', 'GIF89a');

/* ---------- JWS, tokens, credentials, status lists ---------- */
const gz = (bits) => zlib.gzipSync(bits);
const listBits = Buffer.alloc(16384);
listBits[1] = 0x20; // entries 10-11 = 1 0: index 5 revoked (2 bits an entry)
const encoded = 'u' + b64u(gz(listBits));
const credential = {
	'@context': ['https://www.w3.org/ns/credentials/v2'],
	id: 'https://example.org/certificates/S000011000123244000001',
	type: ['VerifiableCredential', 'OpenBadgeCredential'],
	issuer: { id: 'https://example.org/institutions/1', type: 'Profile', name: '考试站' },
	validFrom: '2024-01-01T00:00:00Z',
	credentialSubject: { type: ['AchievementSubject'], achievement: { name: '车工 四级/中级工' } },
	credentialStatus: { statusListIndex: '5', statusListCredential: 'https://example.org/status/0', statusSize: 2 },
};
const statusCred = {
	id: 'https://example.org/status/0',
	type: ['VerifiableCredential', 'BitstringStatusListCredential'],
	credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'message', encodedList: encoded },
};
const credJson = JSON.stringify(credential);
out('jws', 'jws', mode(0, jws(credJson)));
out('jws', 'jws-other-alg', mode(0, jws('{}', { alg: 'none' })));
out('jws', 'jws-crit', mode(0, jws('{}', { alg: 'EdDSA', crit: ['x'] })));
out('jws', 'jwks', mode(1, JWKS));
out('jws', 'jwks-mixed', mode(1, JSON.stringify({ keys: [{ kty: 'RSA' }, { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, JSON.parse(JWKS).keys[0]] })));
out('jws', 'b64url', mode(2, b64u('hello, world')));
out('jws', 'b64url-trailing-bits', mode(2, 'QR'));
out('jws', 'header', mode(3, JSON.stringify({ alg: 'EdDSA', kid: KID, typ: 'vc+jwt' })));

const fields = `S000011000123244000001|张*|6-18-01-01|4|2024-01-01|${KID}`;
out('qrtoken', 'token', mode(0, token(fields)));
out('qrtoken', 'url', mode(0, `https://example.org/v/${token(fields)}\n`));
out('qrtoken', 'unknown-key', mode(0, token(fields.replace(KID, 'ed25519-AAAAAAAAAAAAAAAA'))));
out('qrtoken', 'fields', mode(1, fields));
out('qrtoken', 'fields-short', mode(1, 'a|b|c'));
out('qrtoken', 'fields-pipes', mode(1, `${fields}|x`));

out('credential', 'jws', mode(0, jws(credJson)));
out('credential', 'payload', mode(1, credJson));
out('credential', 'with-status', mode(2, b(credJson, [0], JSON.stringify(statusCred))));
out('credential', 'jwks', mode(3, JWKS));
out('credential', 'encoded-list', mode(4, encoded));
out('credential', 'index-huge', mode(2, b(credJson.replace('"5"', '"99999999999999999999"'), [0], JSON.stringify(statusCred))));
out('credential', 'index-negative', mode(2, b(credJson.replace('"5"', '"-3"'), [0], JSON.stringify(statusCred))));

out('statuslist', 'text', mode(0, encoded));
out('statuslist', 'gzip', mode(1, gz(listBits)));
out('statuslist', 'gzip-short', mode(1, gz(Buffer.alloc(2))));
out('statuslist', 'gzip-trailing', mode(1, b(gz(listBits), [0])));
out('statuslist', 'gzip-two-members', mode(1, b(gz(Buffer.alloc(8)), gz(Buffer.alloc(8)))));
out('statuslist', 'no-prefix', mode(0, b64u(gz(listBits))));
out('statuslist', 'padded', mode(0, 'u' + gz(listBits).toString('base64')));

/* ---------- tzif: TZif files (RFC 8536) built here, not copied ---------- */
const be32 = (n) => { const x = Buffer.alloc(4); x.writeInt32BE(n); return x; };
const be64 = (n) => { const x = Buffer.alloc(8); x.writeBigInt64BE(BigInt(n)); return x; };
/* One header and data block: times [t...], idx [i...], types [[utoff, isdst, abbrind]...], chars. */
const tzBlock = (version, tsize, times, idx, types, chars) => b(
	'TZif', [version], Buffer.alloc(15),
	be32(0), be32(0), be32(0), be32(times.length), be32(types.length), be32(chars.length),
	...times.map((t) => (tsize === 8 ? be64(t) : be32(t))), idx,
	...types.map(([off, dst, ai]) => b(be32(off), [dst, ai])), chars,
);
// China: summer time 1986-1991 in two of its years, then CST-8
const cnTimes = [515520000, 527007600, 545155200, 558457200];
const cnIdx = [1, 0, 1, 0];
const cnTypes = [[28800, 0, 0], [32400, 1, 4]];
const cnChars = 'CST\0CDT\0';
const tzif = (version, footer, times = cnTimes, idx = cnIdx, types = cnTypes, chars = cnChars) =>
	version === 0 ? tzBlock(0, 4, times, idx, types, chars)
		: b(tzBlock(version, 4, times, idx, types, chars), tzBlock(version, 8, times, idx, types, chars), footer);
out('tzif', 'v1', tzif(0));
out('tzif', 'v2-cst', tzif(0x32, '\nCST-8\n'));
out('tzif', 'v3-angle', tzif(0x33, '\n<+08>-8\n'));
out('tzif', 'v4-minutes', tzif(0x34, '\nIST-5:30\n', [], [], [[19800, 0, 0]], 'IST\0'));
out('tzif', 'v2-empty-footer', tzif(0x32, '\n\n'));
out('tzif', 'v2-dst-rule', tzif(0x32, '\nCET-1CEST,M3.5.0,M10.5.0/3\n'));
out('tzif', 'v2-no-footer', tzif(0x32, ''));
out('tzif', 'unsorted', tzif(0x32, '\nCST-8\n', [2, 1], [0, 0]));
out('tzif', 'bad-index', tzif(0x32, '\nCST-8\n', [1], [7]));
out('tzif', 'huge-count', b('TZif2', Buffer.alloc(15), be32(0), be32(0), be32(0), be32(0x7fffffff), be32(1), be32(4)));
