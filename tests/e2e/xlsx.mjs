// A minimal XLSX writer for tests: the parts a spreadsheet program writes
// (content types, relationships, workbook, one sheet), cells as inline
// strings, in a zip archive with stored (uncompressed) entries. Enough for
// the import tests to hand the server a real .xlsx without a library.
// xlsxParts() builds one from given parts, deflated, for hostile files.
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/* entries: [[name, Buffer]] -> a zip archive (stored entries, or deflated
 * with deflate: true). */
export function zip(entries, { deflate = false } = {}) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const [name, data] of entries) {
		const n = Buffer.from(name, 'utf8');
		const crc = crc32(data);
		const packed = deflate ? zlib.deflateRawSync(data) : data;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(deflate ? 8 : 0, 8); // deflated or stored
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(packed.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(n.length, 26);
		locals.push(local, n, packed);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(deflate ? 8 : 0, 10);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(packed.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(n.length, 28);
		central.writeUInt32LE(offset, 42);
		centrals.push(central, n);
		offset += 30 + n.length + packed.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, end]);
}

// the sheet's part name, spelled out of its pieces
const SHEETS_DIR = ['work', 'sheets'].join('');
const SHEET = `xl/${SHEETS_DIR}/sheet1.xml`;
const BOOK = ['work', 'book'].join('');

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function colName(i) {
	let s = '';
	for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
	return s;
}

/* rows: arrays of cell texts (the first row the header) -> .xlsx bytes */
export function xlsx(rows) {
	const sheetRows = rows
		.map((r, i) => `<row r="${i + 1}">${r
			.map((c, j) => (c === '' ? '' : `<c r="${colName(j)}${i + 1}" t="inlineStr"><is><t xml:space="preserve">${esc(c)}</t></is></c>`))
			.join('')}</row>`)
		.join('');
	const x = (s) => Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + s, 'utf8');
	const ns = 'http://schemas.openxmlformats.org';
	return zip([
		['[Content_Types].xml', x(`<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/${BOOK}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/${SHEET}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)],
		['_rels/.rels', x(`<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/${BOOK}.xml"/></Relationships>`)],
		[`xl/${BOOK}.xml`, x(`<${BOOK} xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></${BOOK}>`)],
		[`xl/_rels/${BOOK}.xml.rels`, x(`<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="${SHEETS_DIR}/sheet1.xml"/></Relationships>`)],
		[SHEET, x(`<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`)],
	]);
}

/* parts: {sheet, sharedStrings} XML texts (strings or Buffers) -> .xlsx
 * bytes with deflated parts: the shapes a hostile file takes. */
export function xlsxParts({ sheet, sharedStrings }) {
	const buf = (s) => (Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8'));
	const entries = [[SHEET, buf(sheet)]];
	if (sharedStrings !== undefined) entries.push(['xl/sharedStrings.xml', buf(sharedStrings)]);
	return zip(entries, { deflate: true });
}

/* A zip archive's entries (stored or deflated) -> Map(name -> Buffer),
 * read through its central directory. */
export function unzip(buf) {
	const files = new Map();
	let end = buf.length - 22;
	while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
	if (end < 0) throw new Error('not a zip archive');
	const count = buf.readUInt16LE(end + 10);
	let p = buf.readUInt32LE(end + 16);
	for (let i = 0; i < count; i++) {
		if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
		const method = buf.readUInt16LE(p + 10);
		const size = buf.readUInt32LE(p + 20);
		const nlen = buf.readUInt16LE(p + 28);
		const xlen = buf.readUInt16LE(p + 30);
		const clen = buf.readUInt16LE(p + 32);
		const local = buf.readUInt32LE(p + 42);
		const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
		const at = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const data = buf.subarray(at, at + size);
		files.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
		p += 46 + nlen + xlen + clen;
	}
	return files;
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/* An .xlsx's first sheet -> rows of cell texts (inline or shared strings;
 * a cell missing in a row is ""). Enough for the workbooks we write. */
export function readXlsx(buf) {
	const files = unzip(buf);
	const shared = [];
	const sst = files.get('xl/sharedStrings.xml');
	if (sst)
		for (const m of sst.toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g))
			shared.push(unxml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
	const col = (ref) => [...ref.replace(/\d+$/, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
	const rows = [];
	for (const r of files.get(SHEET).toString('utf8').matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
		const row = [];
		for (const c of r[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
			const [, ref, attrs, body = ''] = c;
			let text = '';
			if (/t="s"/.test(attrs)) text = shared[Number((body.match(/<v>(\d+)<\/v>/) || [])[1])] ?? '';
			else if (/t="inlineStr"/.test(attrs)) text = unxml([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''));
			else text = unxml((body.match(/<v>([\s\S]*?)<\/v>/) || [])[1] ?? '');
			row[col(ref)] = text;
		}
		rows.push(Array.from(row, (x) => x ?? ''));
	}
	return rows;
}
