// Draws the original PDF of a document onto canvases with the vendored pdf.js (wwwroot/lib/pdfjs), one canvas per
// page, as wide as the column. The download link next to it always gives the exact file.
import * as pdfjs from '/lib/pdfjs/pdf.min.mjs';

const box = document.getElementById('pratinjau');
if (box) {
  pdfjs.GlobalWorkerOptions.workerSrc = box.dataset.worker;
  try {
    const pdf = await pdfjs.getDocument({ url: box.dataset.src, isEvalSupported: false, withCredentials: true }).promise;
    box.replaceChildren();
    const width = Math.max(box.clientWidth, 280);
    const ratio = window.devicePixelRatio || 1;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const viewport = page.getViewport({ scale: (width / page.getViewport({ scale: 1 }).width) * ratio });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Halaman ${number} dari ${pdf.numPages}`);
      box.append(canvas);
      await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
    }
    box.dataset.pages = String(pdf.numPages);
  } catch (error) {
    const note = document.createElement('p');
    note.className = 'error';
    note.textContent = 'Pratinjau tidak dapat ditampilkan; gunakan tautan unduh di bawah.';
    box.replaceChildren(note);
    box.dataset.error = String(error && error.name || 'error');
  }
}
