/**
 * The QR code on a certificate, as vector squares rather than an image: crisp at any print
 * resolution and a few hundred bytes. `qrcode` computes the module matrix; dark modules that
 * touch in a row become one rectangle, so there are no hairline seams between them.
 */
import QRCode from 'qrcode';

/** A run of dark modules in module units, counted from the top-left corner. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

export interface QrMatrix {
  /** Modules per side (without the quiet zone, which the layout keeps clear). */
  size: number;
  runs: QrRun[];
}

/** The QR symbol for `text` (error correction M: survives a stamp or a fold). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const runs: QrRun[] = [];
  for (let row = 0; row < size; row++) {
    let start = -1;
    for (let col = 0; col <= size; col++) {
      const dark = col < size && Boolean(modules.get(row, col));
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return { size, runs };
}
