/*
 * commendations.js - the review's score grid (form[data-cgrid]); the page
 * works without it. Enter or ArrowDown moves to the next row's field,
 * ArrowUp to the previous one; a row is saved when it changes (POST
 * data-row-url, form-encoded with the page's CSRF field, JSON back) and
 * says "saved" or the reason beside it (a recused nomination, a score out
 * of range). What was typed is never touched. Texts come from the page.
 */
'use strict';

(function () {
	function show(row, kind, text) {
		const msg = row.querySelector('td.msg');
		const f = row.querySelector('[data-col="value"]');
		msg.textContent = text;
		msg.className = 'msg' + (kind ? ' ' + kind : '');
		row.classList.toggle('bad', kind === 'error');
		if (kind === 'error') f.setAttribute('aria-invalid', 'true');
		else if (kind !== 'saving') f.removeAttribute('aria-invalid');
	}

	function save(form, row) {
		const f = row.querySelector('[data-col="value"]');
		const v = f.value.trim();
		if (!v || v === row.dataset.sent) return;
		row.dataset.sent = v;
		const seq = String(Number(row.dataset.seq || 0) + 1);
		row.dataset.seq = seq;
		show(row, 'saving', form.dataset.saving);
		const body = new URLSearchParams({
			csrf: form.elements.csrf.value,
			reviewer_id: form.elements.reviewer_id.value,
			nomination_id: row.dataset.row,
			value: v,
		});
		fetch(form.dataset.rowUrl, {
			method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' },
		}).then((r) => r.json().then((j) => ({ ok: r.ok, j }), () => ({ ok: false, j: null })))
			.then(({ ok, j }) => {
				if (row.dataset.seq !== seq) return;
				if (ok) show(row, 'saved', form.dataset.saved);
				else if (j && j.error) show(row, 'error', j.error.message);
				else {
					delete row.dataset.sent;
					show(row, 'error', form.dataset.failed);
				}
			}, () => {
				if (row.dataset.seq !== seq) return;
				delete row.dataset.sent;
				show(row, 'error', form.dataset.failed);
			});
	}

	function grid(form) {
		const rows = Array.from(form.querySelectorAll('tr[data-row]'));
		const move = (row, by) => {
			const next = rows[rows.indexOf(row) + by];
			const f = next && next.querySelector('[data-col="value"]');
			if (f) {
				f.focus();
				f.select();
			}
		};
		form.addEventListener('change', (e) => {
			const row = e.target.closest('tr[data-row]');
			if (row) save(form, row);
		});
		form.addEventListener('keydown', (e) => {
			const row = e.target.closest('tr[data-row]');
			if (!row || !e.target.dataset.col || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
			if (e.key === 'Enter' && !e.shiftKey) {
				e.preventDefault();
				save(form, row);
				move(row, 1);
			} else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
				e.preventDefault();
				move(row, e.key === 'ArrowDown' ? 1 : -1);
			}
		});
	}

	document.querySelectorAll('form[data-cgrid]').forEach(grid);
})();
