/*
 * competitions.js - the marking sheet of a competition (form[data-marks]);
 * the page works without it (the sheet is then one form saving every row).
 *
 * Enter or ArrowDown moves to the same field of the next row, ArrowUp to
 * the previous one; a row is saved when it changes (POST data-row-url,
 * form-encoded with the page's CSRF field, JSON back) and says "saved", the
 * spread still to resolve, or the refusal beside it. What was typed is never
 * touched: a refused value stays in its field. A locked row is read-only.
 * The texts come from the page (data- attributes, from the message catalog).
 */
'use strict';

(function () {
	const FIELDS = ['value', 'note'];

	function cell(row, col) {
		return row.querySelector('[data-col="' + col + '"]');
	}

	function show(row, kind, text, field) {
		const msg = row.querySelector('td.msg');
		msg.textContent = text;
		msg.className = 'msg' + (kind ? ' ' + kind : '');
		row.classList.toggle('bad', kind === 'error');
		for (const col of FIELDS) {
			const f = cell(row, col);
			if (!f) continue;
			if (kind === 'error' && col === (field === 'note' ? 'note' : 'value')) f.setAttribute('aria-invalid', 'true');
			else if (kind !== 'saving') f.removeAttribute('aria-invalid');
		}
	}

	function save(form, row) {
		const value = cell(row, 'value');
		const note = cell(row, 'note');
		if (row.classList.contains('locked') || value.readOnly) return;
		const v = { value: value.value.trim(), note: note ? note.value.trim() : '' };
		const sig = v.value + '\u0000' + v.note;
		if (sig === row.dataset.sent) return;
		if (!v.value) return; // nothing typed
		row.dataset.sent = sig;
		const seq = String(Number(row.dataset.seq || 0) + 1);
		row.dataset.seq = seq;
		show(row, 'saving', form.dataset.saving);
		const body = new URLSearchParams({
			csrf: form.elements.csrf.value,
			entry_id: row.dataset.entry,
			aspect: row.dataset.aspect,
			judge_id: row.dataset.judge,
			value: v.value,
			note: v.note,
		});
		fetch(form.dataset.rowUrl, {
			method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' },
		}).then((r) => r.json().then((j) => ({ ok: r.ok, j }), () => ({ ok: false, j: null })))
			.then(({ ok, j }) => {
				if (row.dataset.seq !== seq) return; // a later change answers
				if (ok && j && j.spread) show(row, 'error', j.spread, 'value');
				else if (ok) show(row, 'saved', form.dataset.saved);
				else if (j && j.error) {
					delete row.dataset.sent; // corrected and sent again
					show(row, 'error', j.error.message, j.error.field);
				} else {
					delete row.dataset.sent;
					show(row, 'error', form.dataset.failed);
				}
			}, () => {
				if (row.dataset.seq !== seq) return;
				delete row.dataset.sent;
				show(row, 'error', form.dataset.failed);
			});
	}

	function move(rows, row, col, by) {
		const next = rows[rows.indexOf(row) + by];
		const f = next && cell(next, col);
		if (!f) return;
		f.focus();
		if (f.select) f.select();
	}

	function sheet(form) {
		const rows = Array.from(form.querySelectorAll('tr[data-row]'));
		form.addEventListener('change', (e) => {
			const row = e.target.closest('tr[data-row]');
			if (row && FIELDS.includes(e.target.dataset.col)) save(form, row);
		});
		form.addEventListener('keydown', (e) => {
			const t = e.target;
			const row = t.closest('tr[data-row]');
			const col = t.dataset.col;
			if (!row || !col || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
			if (e.key === 'Enter' && !e.shiftKey) {
				e.preventDefault(); // the row saves; the sheet is not sent
				save(form, row);
				move(rows, row, col, 1);
			} else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
				e.preventDefault();
				move(rows, row, col, e.key === 'ArrowDown' ? 1 : -1);
			}
		});
	}

	document.querySelectorAll('form[data-marks]').forEach(sheet);
})();
