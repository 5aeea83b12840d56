/**
 * The name of a certificate's PDF (decision 059): a hash of everything its bytes are made from.
 * Rendering is deterministic (the same inputs give the same bytes, subset font names included),
 * so a PDF rendered once can be kept under this key and served with it as a strong ETag.
 *
 * The inputs are the ones `renderCertificatePdf` takes (the certificate's stored words and the
 * site's address and logo) and the renderer itself: this code, the certificate wording in each
 * language, the DejaVu fonts, pdf-lib and fontkit. The renderer is fingerprinted by rendering
 * a few reference certificates once per process and hashing their bytes, so an upgrade or an
 * edit that changes what they print changes every key without anyone remembering to. A change
 * that only shows on certificates unlike the references (a logo, a very long title) should
 * raise `PDF_REVISION`.
 */
import { createHash } from 'node:crypto';
import { renderCertificatePdf, type CertificatePdfData, type CertificatePdfOptions } from './pdf.ts';

/** Raise when the PDF changes in a way the reference certificates below do not show. */
export const PDF_REVISION = 1;

const ISSUED = new Date('2026-03-22T06:00:00Z');
const REFERENCE_OPTIONS: CertificatePdfOptions = {
  baseUrl: 'https://oqu.example.kz',
  partnerName: 'Қалалық даму орталығы',
  signatoryName: 'Айгерім Сейітова',
  signatoryTitle: 'Бағдарлама жетекшісі',
};

/** One certificate in each language, one of them bilingual and of a programme, with competencies. */
const REFERENCES: readonly CertificatePdfData[] = [
  {
    code: '0000-0000-0KK0',
    holderName: 'Әлия Қасымқызы Нұрланова',
    courseTitle: 'Әлеуметтік кәсіпкерлік негіздері',
    hours: 24,
    issuedAt: ISSUED,
    locale: 'kk',
    competencies: ['Әсерді өлшеу', 'Қатысымдық жобалау'],
  },
  {
    code: '0000-0000-0RU0',
    holderName: 'Ольга Сергеевна Ким',
    courseTitle: 'Основы социального предпринимательства',
    hours: 1.5,
    issuedAt: ISSUED,
    locale: 'ru',
    programme: true,
    competencies: ['Измерение эффекта'],
    second: { locale: 'kk', courseTitle: 'Әлеуметтік кәсіпкерлік негіздері', competencies: ['Әсерді өлшеу'] },
  },
  {
    code: '0000-0000-0EN0',
    holderName: 'John Smith',
    courseTitle: 'Urban data',
    hours: 8,
    issuedAt: ISSUED,
    locale: 'en',
  },
];

let fingerprint: Promise<string> | undefined;

/** A hash of the renderer's output for the reference certificates; computed once per process. */
export function rendererFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const hash = createHash('sha256').update(`revision ${PDF_REVISION}\n`);
    for (const data of REFERENCES) hash.update(await renderCertificatePdf(data, REFERENCE_OPTIONS));
    return hash.digest('hex');
  })();
  return fingerprint;
}

const hashes = new WeakMap<Uint8Array, string>();

/** The logo's hash, once per loaded logo (they are kept for the life of the process). */
function bytesHash(bytes: Uint8Array): string {
  let hash = hashes.get(bytes);
  if (!hash) {
    hash = createHash('sha256').update(bytes).digest('hex');
    hashes.set(bytes, hash);
  }
  return hash;
}

/**
 * The key of the PDF these inputs render to: 32 hex digits. `options.text` cannot be hashed and
 * is refused: a stored certificate is printed with the built-in wording, which the fingerprint covers.
 */
export async function certificatePdfKey(data: CertificatePdfData, options: CertificatePdfOptions): Promise<string> {
  if (options.text) throw new Error('certificatePdfKey: a PDF rendered with its own wording function has no key');
  const { logo, ...rest } = options;
  const logoHash = logo ? `${logo.type}:${bytesHash(logo.bytes)}` : null;
  return createHash('sha256')
    .update(await rendererFingerprint())
    .update(JSON.stringify({ data, options: rest, logo: logoHash }))
    .digest('hex')
    .slice(0, 32);
}
