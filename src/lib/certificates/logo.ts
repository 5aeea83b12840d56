/**
 * The partner's logo for certificates. pdf-lib embeds PNG and JPEG only, so an SVG or WebP logo
 * (which the site config allows for the web pages) is used through a PNG or JPEG of the same
 * name beside it, e.g. public/branding/logo.svg + public/branding/logo.png; with none there,
 * the site configuration is refused at build and start-up (site/config.ts). Files are read once
 * per process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { certificateLogoFiles } from '#lib/site/config.ts';

export interface CertificateLogo {
  type: 'png' | 'jpeg';
  bytes: Uint8Array;
}

const cache = new Map<string, CertificateLogo | null>();

/** PNG or JPEG, told by the file's first bytes rather than its name. */
export function detectImageType(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/**
 * The logo at `path` ready to embed, or null when there is no usable PNG or JPEG (see above).
 * Throws when a .png or .jpg file is not what its name says, since that is a mistake to fix.
 */
export function loadCertificateLogo(path: string): CertificateLogo | null {
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const candidates = certificateLogoFiles(path);
  let logo: CertificateLogo | null = null;
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const bytes = new Uint8Array(readFileSync(file));
    const type = detectImageType(bytes);
    if (!type) throw new Error(`Logo ${file} is neither a PNG nor a JPEG image: export it again as PNG.`);
    logo = { type, bytes };
    break;
  }
  cache.set(path, logo);
  return logo;
}
