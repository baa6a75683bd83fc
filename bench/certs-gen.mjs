// bench/certs-gen.mjs OUT.csv N - the people of bench/certs.sh: N candidates
// with three-character Chinese names and valid, unique GB 11643 resident ID
// numbers (500 per birth date, sequence 100..599, four regions in turn),
// written as a `skillcert import people` CSV (no 证件类型 column: a resident
// ID card). Prints N.
import fs from 'node:fs';

const [file, count] = process.argv.slice(2);
const n = Number(count);
if (!file || !(n > 0)) {
	console.error('usage: node bench/certs-gen.mjs OUT.csv N');
	process.exit(2);
}
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const REGIONS = ['110105', '440103', '310104', '320102'];
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文志红玉兰春';
const DAY = 86400e3;
const base = Date.UTC(1970, 0, 1);

function idNumber(region, birth, seq) {
	const body = region + birth + String(seq).padStart(3, '0');
	let s = 0;
	for (let i = 0; i < 17; i++) s += (body.charCodeAt(i) - 48) * W[i];
	return body + '10X98765432'[s % 11];
}
const name = (i) =>
	SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] +
	GIVEN[(Math.floor(i / 7) + i * 3) % GIVEN.length];

const fd = fs.openSync(file, 'w');
let out = '姓名,证件号码,文化程度,工作单位,参加工作日期\n';
let birth = '';
for (let i = 0; i < n; i++) {
	if (i % 500 === 0) birth = new Date(base + Math.floor(i / 500) * DAY).toISOString().slice(0, 10).replace(/-/g, '');
	const work = new Date(Date.UTC(2000, 0, 1) + (i % 6000) * DAY).toISOString().slice(0, 10);
	out += `${name(i)},${idNumber(REGIONS[Math.floor(i / 500) % 4], birth, 100 + (i % 500))},高中,机床厂${i % 997},${work}\n`;
	if (out.length > 1 << 20) {
		fs.writeSync(fd, out);
		out = '';
	}
}
fs.writeSync(fd, out);
fs.closeSync(fd);
console.log(n);
