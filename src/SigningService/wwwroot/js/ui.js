// Progressive enhancement of the approval inbox. Without this script every form still works as a plain POST.
// With it: a live count on the approve button, "select all", and the batch posted to the streaming handler so
// that each document's result appears while the rest are being signed. The PIN is sent once, in the POST body,
// and cleared from the field at once; it never goes into a URL or back into the page.
'use strict';
document.documentElement.classList.add('js');

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('batch');
  if (!form) return;
  const boxes = () => [...form.querySelectorAll('input[name="ids"]:not(:disabled)')];
  const label = document.getElementById('label-setujui');
  const all = document.getElementById('pilih-semua');
  const count = () => boxes().filter((b) => b.checked).length;
  const update = () => { label.textContent = `${form.dataset.verb} (${count()})`; };

  form.addEventListener('change', (event) => {
    if (event.target === all) boxes().forEach((b) => { b.checked = all.checked; });
    update();
  });
  update();

  form.addEventListener('submit', async (event) => {
    if (!window.fetch || !window.ReadableStream || !window.TextDecoder) return; // plain POST
    event.preventDefault();
    const results = document.getElementById('hasil');
    const progress = document.getElementById('progres');
    const status = document.getElementById('status-hasil');
    const refusal = document.getElementById('pesan-pin');
    const list = document.getElementById('daftar-hasil');
    results.hidden = false;
    results.dataset.selesai = '';
    refusal.hidden = true;
    list.replaceChildren();
    if (count() === 0) {
      showRefusal('Pilih dulu dokumen yang akan disetujui.');
      return finish();
    }

    const body = new FormData(form);
    const pin = form.querySelector('input[name="pin"]');
    if (pin) pin.value = '';
    const button = document.getElementById('setujui');
    button.disabled = true;
    let done = 0;
    let total = count();
    progress.max = total;
    progress.value = 0;
    status.textContent = `Memproses 0 dari ${total} dokumen…`;
    results.scrollIntoView({ block: 'start' });

    try {
      const response = await fetch(form.dataset.stream, { method: 'POST', body, credentials: 'same-origin' });
      const type = response.headers.get('Content-Type') || '';
      if (!response.ok || !type.startsWith('application/x-ndjson')) {
        showRefusal('Sesi Anda berakhir atau permintaan ditolak. Muat ulang halaman, masuk lagi bila diminta, lalu ulangi.');
        return finish();
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done: ended } = await reader.read();
        buffer += decoder.decode(value || new Uint8Array(), { stream: !ended });
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) handle(JSON.parse(line));
        }
        if (ended) break;
      }
    } catch (error) {
      showRefusal('Koneksi terputus. Muat ulang halaman untuk melihat dokumen mana yang sudah diproses.');
    }
    finish();

    function handle(message) {
      if (message.type === 'start') {
        total = message.total;
        progress.max = total;
        status.textContent = `Memproses 0 dari ${total} dokumen…`;
      } else if (message.type === 'result') {
        done += 1;
        progress.value = done;
        status.textContent = `Memproses ${done} dari ${total} dokumen…`;
        list.append(resultItem(message));
        const item = form.querySelector(`li.item[data-id="${message.id}"]`);
        if (item && message.outcome !== 'failed') {
          item.classList.add('done');
          const box = item.querySelector('input[name="ids"]');
          box.checked = false;
          box.disabled = true;
        }
      } else if (message.type === 'refused') {
        showRefusal(message.message, message.code);
        status.textContent = 'Tidak ada dokumen yang diproses.';
      } else if (message.type === 'done') {
        status.textContent = `Selesai: ${message.succeeded} berhasil, ${message.failed} gagal.`;
        const summary = document.getElementById('ringkasan');
        if (summary) summary.textContent = `${form.querySelectorAll('li.item:not(.done)').length} dokumen masih menunggu Anda.`;
      }
    }

    function resultItem(message) {
      const li = document.createElement('li');
      li.dataset.id = message.id;
      li.dataset.outcome = message.outcome;
      if (message.code) li.dataset.code = message.code;
      li.className = message.outcome === 'failed' ? 'failed' : 'ok';
      const link = document.createElement('a');
      link.href = `/dokumen/${message.id}`;
      link.textContent = message.label;
      li.append(link, ` — ${message.message}`);
      return li;
    }

    function showRefusal(text, code) {
      refusal.textContent = text;
      refusal.dataset.code = code || '';
      refusal.hidden = false;
    }

    function finish() {
      button.disabled = false;
      if (all) all.checked = false;
      update();
      results.dataset.selesai = 'ya';
    }
  });
});
