/*
 * statistics.js - the charts of the statistics page (/statistics), drawn
 * with echarts (/static/echarts.min.js, embedded from npm) FROM THE TABLES
 * of the page: the tables are the data and, without JavaScript, the whole
 * page. Nothing is fetched.
 *
 * A table takes part when it says how to draw it:
 *
 *   <table data-chart="bar|line|pie" data-series="enrolled,passed|pass_rate">
 *     <thead><tr><th>…</th><th data-key="enrolled">报名人数</th>…</tr></thead>
 *     <tbody><tr><th scope="row">北京市</th><td data-v="12">…</td>…</tr></tbody>
 *     <tfoot>…the total, never drawn…</tfoot>
 *   </table>
 *
 * data-series lists the columns (their data-key) of one chart; "|" starts
 * another chart, of the table's kind unless it names its own ("pie:key").
 * Each body row is a category (its row header's text), each cell's data-v
 * the number (a rate in percent, its key ending in "_rate", gets a "%"
 * axis). A pie draws the first column of its chart. A chart whose figures
 * are all zero is not drawn: the table says so. Each chart goes in a
 * <div class="chart"> before the table, hidden from assistive technology:
 * the table says the same.
 */
'use strict';

(function () {
	const MANY = 12; /* more categories than this: a zoom slider */

	function headers(table) {
		const cols = {};
		const ths = table.tHead ? table.tHead.rows[0].cells : [];
		for (let i = 0; i < ths.length; i++) {
			const key = ths[i].dataset.key;
			if (key) cols[key] = { index: i, name: ths[i].textContent.trim() };
		}
		return cols;
	}

	function rows(table) {
		const out = [];
		for (const body of table.tBodies) {
			for (const tr of body.rows) {
				if (!tr.cells.length) continue;
				out.push(tr);
			}
		}
		return out;
	}

	function value(tr, index) {
		const cell = tr.cells[index];
		const v = cell ? parseFloat(cell.dataset.v) : NaN;
		return Number.isFinite(v) ? v : 0;
	}

	function option(kind, keys, cols, trs) {
		const cats = trs.map((tr) => tr.cells[0].textContent.trim());
		const rate = keys.every((k) => /_rate$/.test(k));
		const fmt = rate ? '{value}%' : '{value}';
		if (kind === 'pie') {
			const c = cols[keys[0]];
			return {
				animation: false,
				tooltip: { trigger: 'item' },
				legend: { type: 'scroll', bottom: 0 },
				series: [{
					type: 'pie',
					name: c.name,
					radius: ['30%', '65%'],
					data: trs.map((tr, i) => ({ name: cats[i], value: value(tr, c.index) }))
				}]
			};
		}
		const opt = {
			animation: false,
			tooltip: { trigger: 'axis', valueFormatter: (v) => (rate ? v + '%' : String(v)) },
			legend: { type: 'scroll', top: 0 },
			grid: { left: 8, right: 8, top: 36, bottom: cats.length > MANY ? 56 : 8, containLabel: true },
			xAxis: {
				type: 'category',
				data: cats,
				axisLabel: { interval: 0, rotate: cats.length > 4 ? 30 : 0, hideOverlap: true }
			},
			yAxis: { type: 'value', axisLabel: { formatter: fmt }, max: rate ? 100 : null },
			series: keys.map((k) => ({
				type: kind,
				name: cols[k].name,
				data: trs.map((tr) => value(tr, cols[k].index))
			}))
		};
		if (cats.length > MANY)
			opt.dataZoom = [{ type: 'slider', start: 0, end: Math.round((MANY / cats.length) * 100) }];
		return opt;
	}

	function draw(table) {
		const kind = table.dataset.chart;
		if (!['bar', 'line', 'pie'].includes(kind)) return [];
		const cols = headers(table);
		const trs = rows(table);
		if (!trs.length) return [];
		const anchor = table.closest('.table') || table;
		const charts = [];
		for (let group of (table.dataset.series || '').split('|')) {
			let type = kind;
			const named = /^(bar|line|pie):/.exec(group);
			if (named) {
				type = named[1];
				group = group.slice(named[0].length);
			}
			const keys = group.split(',').map((k) => k.trim()).filter((k) => cols[k]);
			if (!keys.some((k) => trs.some((tr) => value(tr, cols[k].index) !== 0))) continue;
			const div = document.createElement('div');
			div.className = 'chart chart-' + type;
			div.setAttribute('aria-hidden', 'true');
			div.dataset.series = keys.join(',');
			anchor.parentNode.insertBefore(div, anchor);
			const chart = echarts.init(div, null, { renderer: 'canvas' });
			chart.setOption(option(type, keys, cols, trs));
			charts.push(chart);
		}
		return charts;
	}

	function start() {
		if (typeof echarts === 'undefined') return;
		let charts = [];
		for (const table of document.querySelectorAll('table[data-chart]'))
			charts = charts.concat(draw(table));
		if (charts.length)
			window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
	}

	if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
	else start();
})();
