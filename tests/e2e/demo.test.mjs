// `skillcert demo` as a newcomer meets it: the first start prints a
// certificate to verify and the address its QR code opens, and both the
// API and that page confirm it at once; the demo's history carries its own
// dates (the 2021 batch's audit records and rows say 2021, not today); a
// former name finds the renamed Xinjiang center; the administrator's name
// is Chinese; this year's batch is under notice from today; the
// competitions of issue 13 (a final class-2 machinery competition with its
// results and promotions, a district one of the station at marking) and a
// judge's login; the 2020 commendation campaign decided before the 2021
// conference, with its honour certificates; the station's apprenticeship
// class of issue 15. SQLite (the demo's engine).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { BIN, http, login, makeDataDir, run } from './lib.mjs';

/* A free loopback port. */
const freePort = () => new Promise((resolve) => {
	const srv = net.createServer().listen(0, '127.0.0.1', () => {
		const { port } = srv.address();
		srv.close(() => resolve(port));
	});
});

// the demo runs in the default zone, Asia/Shanghai: its "today" is
// Beijing's (8 hours ahead of UTC)
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

describe('skillcert demo [sqlite]', () => {
	let dir, child, base, out = '';

	before(async () => {
		dir = makeDataDir('demo');
		const port = await freePort();
		base = `http://127.0.0.1:${port}`;
		const env = { ...process.env };
		delete env.SKILLCERT_TIME_ZONE; // the default zone, as a newcomer has it
		child = spawn(BIN, ['demo', '--data', dir, '--listen', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let err = '';
		child.stderr.on('data', (d) => (err += d));
		await new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`demo did not start: ${out} ${err}`)), 60000);
			child.stdout.on('data', (d) => {
				out += d;
				if (/serving on port/.test(out)) {
					clearTimeout(timer);
					resolve();
				}
			});
			child.on('exit', (code) => reject(new Error(`demo exited ${code}: ${out} ${err}`)));
		});
	});

	after(async () => {
		if (!child || child.exitCode !== null) return;
		child.kill('SIGTERM');
		await new Promise((resolve) => child.on('exit', resolve));
	});

	const cli = async (args) => {
		const r = await run([...args, '--data', dir]);
		assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
		return r.stdout;
	};

	it('prints a certificate to verify, and the API and its QR page confirm it at once', async () => {
		const m = /a certificate to verify: (\S+) \((\S+)\)\n\s+(\S+)/.exec(out);
		assert.ok(m, `no certificate printed:\n${out}`);
		const [, number, holder, url] = m;
		assert.match(number, /^[SY]\d{21}$/, 'a 22-character skill certificate number');
		assert.ok(url.startsWith(`${base}/v/`), url);
		const r = await http(base, `/api/v1/verify?number=${encodeURIComponent(number)}&name=${encodeURIComponent(holder)}`);
		assert.equal(r.status, 200, r.text);
		const [c] = r.json.certificates;
		assert.equal(c.number, number);
		assert.equal(c.status, 'valid');
		assert.equal(c.occupation_name, '焊工');
		assert.equal(c.issued_on, '2025-07-02', 'issued when the 2025 plan closed');
		assert.equal(c.institution.status, 'registered');
		// the address the QR code opens
		const page = await http(base, url.slice(base.length));
		assert.equal(page.status, 200);
		assert.ok(page.text.includes(number), 'the QR page names the certificate');
		assert.match(page.text, /有效/);
		// the demo's other certificates: the plan's three welders, and the
		// competition's three promotions (车工, issued on 2026-11-12)
		const list = await cli(['cert', 'list']);
		const skill = list.trim().split('\n').filter((l) => /^[SY]\d{21}\b/.test(l));
		assert.equal(skill.filter((l) => l.includes('\t焊工\t')).length, 3, list);
		assert.equal(skill.filter((l) => l.includes('\t车工\t')).length, 3, list);
		assert.equal(skill.length, 6, list);
		assert.match(out, /demo data: 14 institutions added/);
	});

	it('its history carries its own dates: the 2021 batch in 2021, the 2024 renewal in 2024', async () => {
		const decide = await cli(['audit', 'list', '--action', 'batch.decide']);
		const at = [...decide.matchAll(/^\d+\t(\S+)\tsystem\tbatch\.decide\t.*"approval_doc":"([^"]+)"/gm)].map((x) => [x[2], x[1]]);
		assert.deepEqual(at.sort(), [['机职鉴字[2021]29号', '2021-03-31T06:00:00Z'], ['机职鉴字[2024]15号', '2024-03-20T06:00:00Z']]);
		const created = await cli(['audit', 'list', '--action', 'institution.create']);
		const years = [...created.matchAll(/^\d+\t(\d{4})-/gm)].map((x) => x[1]);
		assert.equal(years.filter((y) => y === '2021').length, 12, created);
		// the rows too: the first batch's institutions were created in 2021
		const x = await http(base, `/api/v1/institutions?q=${encodeURIComponent('汽车东风分中心')}`);
		assert.match(x.json.items[0].created_at, /^2021-03-01T/);
		assert.equal(x.json.items[0].registered_on, '2021-03-31');
		// the chain and its checkpoints hold over the dated history
		assert.match(await cli(['audit', 'verify']), /intact/);
		// this year's batch is under notice from today, not backdated
		const batches = await http(base, '/api/v1/batches?status=under_notice');
		assert.equal(batches.status, 200, batches.text);
		assert.deepEqual(batches.json.items.map((b) => b.notice_start), [today()]);
	});

	it('its front door: a plan open for online application today, and the printed certificate\'s holder claims an account', async () => {
		assert.match(out, new RegExp(`plans open for online application: ${base}/apply`));
		const open = await http(base, '/api/v1/applications/open');
		assert.equal(open.status, 200, open.text);
		const [plan] = open.json.plans;
		assert.ok(plan, open.text);
		assert.equal(open.json.plans.length, 1);
		assert.equal(plan.audience, 'public');
		assert.equal(plan.opens_on, today());
		assert.equal(plan.level, 3);
		assert.equal(plan.places_left, 20);
		const page = await http(base, '/apply');
		assert.match(page.text, /理论 120 元，实操 280 元/);
		// the claim the output describes, with what it prints
		const m = /a certificate to verify: (\S+) \(\S+\)\n\s+(\S+)\n\s+its holder's account: \S+\/claim with that number and address, name (\S+), ID number (\S+) \(made up\)/.exec(out);
		assert.ok(m, out);
		const [, number, url, name, id] = m;
		const claim = await http(base, '/api/v1/holder/claim', {
			method: 'POST', json: { number, token: url, name, id_number: id, username: 'demo.holder', password: 'Demo-holder-2026!' },
		});
		assert.equal(claim.status, 201, claim.text);
	});

	it('holds the machinery industry\'s class-2 数控车工 competition, final, with its results and promotions (技师, 高级工)', async () => {
		const list = await http(base, '/api/v1/competitions');
		assert.equal(list.status, 200, list.text);
		const comp = list.json.items.find((c) => c.name === '2026年全国机械行业职业技能竞赛（数控车工）');
		assert.ok(comp, list.text);
		assert.deepEqual([comp.tier, comp.status, comp.document_code, comp.organiser_name], ['national_class2', 'final', 'machinery-class2', '工程机械分中心']);
		const detail = await http(base, `/api/v1/competitions/${comp.id}`);
		assert.deepEqual(detail.json.coorganisers.map((x) => x.name).sort(), ['机械工业职业技能鉴定指导中心', '江苏省高技能人才培养基地'].sort());
		// the results, computed: twelve entrants of four institutions,
		// the medals for places 1-3, 行业技术能手 for the top ten
		const res = await http(base, `/api/v1/competitions/${comp.id}/results`);
		assert.equal(res.status, 200, res.text);
		const rows = res.json.results;
		assert.equal(rows.length, 12);
		assert.equal(new Set(rows.map((r) => r.institution_name)).size, 4);
		assert.deepEqual(rows.slice(0, 4).map((r) => [r.place, r.award]), [[1, 'gold'], [2, 'silver'], [3, 'bronze'], [4, 'none']]);
		assert.equal(rows.filter((r) => r.titles.includes('industry_technical_expert')).length, 10);
		assert.equal(new Set(rows.map((r) => r.total)).size, 12, 'no ties');
		assert.match(rows[0].names, /\*/, 'names masked for the public');
		// the promotions by headcount ratio: top 10 % 技师, the next 20 % 高级工
		// (the command line's list: the administrator must first change
		// the printed password before the API answers)
		const promo = await cli(['competition', 'promotions', String(comp.id)]);
		const promoted = [...promo.matchAll(/\t(\d+)\/12\t\S+\tcurrent=0\tto\tlevel=(\d)\t/g)].map((x) => [Number(x[1]), Number(x[2])]);
		assert.deepEqual(promoted.sort(), [[1, 2], [2, 3], [3, 3]], promo);
		assert.equal(promo.trim().split('\n').length, 12, promo);
		// the center approved them: each a skill certificate of 车工 at its
		// new level, numbered under the organiser's Beijing filing (0456,
		// province 11), the competition as its route on the verify page
		const approved = [...promo.matchAll(/^\d+\t\d+\t(\S+)\t.*\tlevel=(\d)\trule=\d+\tapproved\t(S0456110000112\d{8})$/gm)];
		assert.equal(approved.length, 3, promo);
		for (const [, name, level, number] of approved) {
			assert.equal(number.slice(15, 16), level, `${number}: the level's digit`);
			const page = await http(base, `/verify?${new URLSearchParams({ number, name })}`);
			assert.equal(page.status, 200, page.text);
			assert.match(page.text, /有效/);
			assert.ok(page.text.includes('竞赛获奖晋级'), 'the route on the verify page');
		}
		assert.match(promo, /\tnone\tlevel=0\trule=-1\tpending\t-$/m, 'no certificate without a promotion');
		// and the organiser issued the award certificates: gold, silver, bronze
		const certs = await cli(['cert', 'list']);
		const awards = certs.trim().split('\n').filter((l) => /^JS2026\d{6}\t/.test(l));
		assert.equal(awards.length, 3, certs);
		const first = awards.find((l) => l.startsWith('JS2026000001\t'));
		assert.ok(first && first.includes('\t王建军\t'), certs);
		const gold = await http(base, `/api/v1/verify?number=JS2026000001&name=${encodeURIComponent('王建军')}`);
		assert.equal(gold.status, 200, gold.text);
		assert.equal(gold.json.certificates[0].award, 'gold', gold.text);
		// written as it happened: marked in October, final in November,
		// the spread of 2 resolved by a re-mark with a note
		const status = await cli(['audit', 'list', '--action', 'competition.status']);
		assert.match(status, /^\d+\t2026-11-03T02:00:00Z\tsystem\tcompetition\.status\t.*"final"/m);
		const marks = await cli(['audit', 'list', '--action', 'competition.mark']);
		assert.match(marks, /复核：对照样件重新评定表面质量/);
	});

	it('holds a district competition hosted by the enterprise station, marking, and a judge\'s login that opens its sheet', async () => {
		const list = await http(base, '/api/v1/competitions?tier=district');
		assert.equal(list.status, 200, list.text);
		const [comp] = list.json.items;
		assert.ok(comp, list.text);
		assert.deepEqual([comp.tier, comp.status, comp.document_code, comp.organiser_name], ['district', 'marking', 'district-example', '机械行业职业技能鉴定汽车广汽本田站']);
		const stations = await http(base, `/api/v1/institutions?q=${encodeURIComponent('广汽本田站')}`);
		assert.equal(stations.json.items[0].type, 'exam_station');
		assert.equal(comp.organiser_id, stations.json.items[0].id);
		// the judge's login the output prints
		const m = /a judge's login: (\S+) \/ (\S+) \(刘建国, judge of the demo's competitions: \S+\/me\/judging\)/.exec(out);
		assert.ok(m, out);
		const judge = await login(base, m[1], m[2]);
		const mine = await judge.api('/api/v1/me/judging');
		assert.equal(mine.status, 200, mine.text);
		const byComp = Object.fromEntries(mine.json.events.map((e) => [e.competition.tier, e]));
		assert.deepEqual(Object.keys(byComp).sort(), ['district', 'national_class2']);
		assert.equal(byComp.district.sheet, `/competition-events/${byComp.district.event_id}/marks`);
		assert.equal(byComp.national_class2.sheet, null, 'final: no sheet to mark');
		const sheet = await judge.api(byComp.district.sheet.replace('/competition-events', '/api/v1/competition-events'));
		assert.equal(sheet.status, 200, sheet.text);
		assert.equal(sheet.json.judge_id, byComp.district.judge_id);
		assert.ok(sheet.json.marks.length > 0, 'some marks entered');
		const page = await judge.get('/me/judging');
		assert.equal(page.status, 200);
		assert.ok(page.text.includes(`href="${byComp.district.sheet}"`), 'the sheet\'s link');
		assert.match(page.text, /href="\/me\/judging"/, 'the nav shows the page');
	});

	it('holds the station\'s apprenticeship class (issue 15): filed and running, apprentices at different stages, one completed and enrolled through the 学徒期满 route', async () => {
		const list = await cli(['apprenticeship', 'list']);
		const id = Number((list.match(/^(\d+)\trunning\t广汽本田汽车有限公司\t6-18-02-04\t4\t3$/m) || [])[1]);
		assert.ok(id > 0, list);
		const show = await cli(['apprenticeship', 'show', String(id)]);
		assert.match(show, /^filing: 穗人社学徒备〔2024〕27号 2024-08-26 /m);
		assert.match(show, /^school: 广州市高级技工学校 \(technical_school\)$/m);
		assert.match(show, /^apprentice: \d+ 郑浩 completed 360h 12 credits enrolled$/m);
		assert.match(show, /^apprentice: \d+ 孙磊 withdrawn /m);
		assert.match(show, /^apprentice: \d+ 何俊 active /m);
		const enrolled = Number(show.match(/^apprentice: (\d+) 郑浩/m)[1]);
		assert.match(await cli(['apprenticeship', 'apprentice', String(enrolled)]), /^enrolment: \d+ plan \d+$/m);
		const claim = await cli(['apprenticeship', 'subsidy', String(id), '--year', '2024']);
		assert.match(claim, /^total\tamount 1667\tdue 167\tclawback 0$/m);
	});

	it('holds the Honda station\'s online course: three welders at their stages, one completed with a training certificate', async () => {
		const list = await cli(['training', 'list']);
		const row = list.trim().split('\n').find((l) => l.endsWith('\t焊工安全操作与质量控制（云端课堂）'));
		assert.ok(row, list);
		assert.deepEqual(row.split('\t').slice(1, 5), ['open', 'online', '6-18-02-04', '16']);
		const show = JSON.parse(await cli(['training', 'show', row.split('\t')[0]]));
		assert.equal(show.lesson_list.length, 3);
		assert.deepEqual(show.enrolments.map((e) => [e.name, e.hours_done, e.status]),
			[['孙磊', 16, 'completed'], ['周敏', 4, 'enrolled'], ['吴刚', 0, 'enrolled']]);
		assert.equal(show.enrolments[0].completed_on, '2025-09-30');
		const certs = await cli(['cert', 'list']);
		const px = certs.trim().split('\n').filter((l) => /^PX2025\d{6}\t/.test(l));
		assert.equal(px.length, 1, certs);
		assert.ok(px[0].includes('\t孙磊\t'), px[0]);
		const v = await http(base, `/api/v1/verify?number=${px[0].split('\t')[0]}&name=${encodeURIComponent('孙磊')}`);
		assert.equal(v.status, 200, v.text);
		assert.equal(v.json.certificates[0].line, 'training', v.text);
		// each lesson marked done by its worker, on the day
		const done = await cli(['audit', 'list', '--action', 'training.progress']);
		assert.equal(done.trim().split('\n').length, 4, done);
		assert.match(done, /^\d+\t2025-09-15T12:00:00Z\t孙磊\ttraining\.progress/m);
	});

	it('the renamed Xinjiang base is found by its former name; the administrator is 系统管理员', async () => {
		const r = await http(base, `/api/v1/institutions?q=${encodeURIComponent('新疆高技能人才培养基地')}`);
		assert.deepEqual(r.json.items.map((i) => [i.name, i.former_name]), [['新疆分中心', '新疆高技能人才培养基地']]);
		assert.match(await cli(['user', 'list']), /^admin\t系统管理员\t/m);
	});
	it('holds the 2020 commendation campaign, decided by its decision before the 2021 conference, with its honour roll and certificates', async () => {
		const list = await http(base, '/api/v1/commendations');
		assert.equal(list.status, 200, list.text);
		const c = list.json.items.find((x) => x.year === 2020);
		assert.ok(c, list.text);
		assert.deepEqual([c.title, c.status, c.decision_no, c.decision_date, c.notice_start, c.notice_end],
			['2020年度机械工业人才评价工作先进集体、个人表彰', 'decided', '机械人才评价〔2021〕5号', '2021-02-26', '2021-02-01', '2021-02-05']);
		// the honour roll: every category with its count
		const roll = await http(base, '/api/v1/commendations/honours?year=2020');
		assert.equal(roll.status, 200, roll.text);
		const count = {};
		for (const h of roll.json.honours) count[h.category] = (count[h.category] || 0) + 1;
		assert.deepEqual(count, { advanced_collective: 3, excellent_manager: 2, advanced_worker: 3, special_achievement: 1 }, roll.text);
		const collectives = roll.json.honours.filter((h) => h.category === 'advanced_collective').map((h) => h.holder).sort();
		assert.deepEqual(collectives, ['新疆分中心', '江苏省高技能人才培养基地', '机械行业职业技能鉴定汽车广汽本田站'].sort());
		// the printed honour certificate, verified: 有效, 荣誉证书
		const m = /an honour certificate to verify: (RY2021\d{6}) \((\S+), 机械人才评价〔2021〕5号\)\n\s+(\S+)/.exec(out);
		assert.ok(m, out);
		const [, number, holder, url] = m;
		assert.ok(url.startsWith(`${base}/v/`), url);
		const page = await http(base, `/verify?${new URLSearchParams({ number, name: holder })}`);
		assert.equal(page.status, 200, page.text);
		assert.match(page.text, /有效/);
		assert.match(page.text, /荣誉证书/);
		assert.match((await http(base, url.slice(base.length))).text, /荣誉证书/);
		// the decision's PDF: its title and every commended name
		const res = await fetch(`${base}/commendations/${c.id}/decision.pdf`);
		assert.equal(res.status, 200);
		const file = path.join(dir, 'decision.pdf');
		fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
		const text = await new Promise((resolve, reject) => execFile('pdftotext', [file, '-'], (e, stdout) => (e ? reject(e) : resolve(stdout))));
		const flat = text.replace(/\s+/g, '');
		assert.ok(flat.includes('2020年度机械工业人才评价工作先进集体、个人表彰决定'), text);
		assert.ok(flat.includes('机械人才评价〔2021〕5号'), text);
		const names = ['新疆分中心', '江苏省高技能人才培养基地', '机械行业职业技能鉴定汽车广汽本田站', '钱国华', '林志远', '何晓燕', '周永华', '吴建明', '顾建平'];
		for (const name of names) assert.ok(flat.includes(name), `${name} in the decision:\n${text}`);
		// the audit trail: each step at its own 2020/2021 date
		const trail = await cli(['audit', 'list', '--limit', '1000']);
		const at = (action, re) => {
			const lines = trail.split('\n').filter((l) => l.split('\t')[3] === action);
			assert.ok(lines.length > 0, `${action} in the trail`);
			for (const l of lines) assert.match(l.split('\t')[1], re, l);
			return lines;
		};
		at('commendation.create', /^2020-11-10T/);
		assert.equal(at('commendation.nominate', /^2020-12-(08|18)T/).length, 10, 'nine nominations and one resubmission');
		at('commendation.return', /^2020-12-14T/);
		at('commendation.endorse', /^2020-12-22T/);
		at('commendation.reviewer', /^2021-01-06T/);
		// one round of scores: three reviewers, nine nominations, the one
		// employed by 广汽本田 standing aside from its three
		assert.equal(at('commendation.score', /^2021-01-15T/).length, 24);
		at('commendation.tally', /^2021-01-18T/);
		at('commendation.notice', /^2021-02-01T/);
		at('commendation.objection', /^2021-02-03T/);
		assert.match(at('commendation.objection_resolve', /^2021-02-04T/)[0], /异议不成立/);
		at('commendation.decide', /^2021-02-26T/);
		const review = await cli(['commendation', 'review', String(c.id)]);
		const seat = /^reviewer: (\d+) 梁振宇$/m.exec(review);
		assert.ok(seat, review);
		const stood = [...review.matchAll(/^nomination: (\d+)\t\S+\t.*广汽本田.*\tcommended\t/gm)].map((x) => x[1]);
		assert.equal(stood.length, 3, review);
		for (const n of stood) assert.doesNotMatch(review, new RegExp(`^vote: #${n} reviewer ${seat[1]} `, 'm'), 'stood aside');
		assert.match(review, /^objection: \d+ #\d+ dismissed /m);
	});
});
