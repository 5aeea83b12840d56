/**
 * The video a `<Video>` names. Authors paste what the browser shows: a whole YouTube or Vimeo
 * address as often as the bare id the guide asks for, so both are accepted (issue 21: a pasted
 * address gave a dead embed). Pure, shared by the component and by validate.
 */

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = /^(?:(?:www|m|music)\.)?(?:youtube\.com|youtube-nocookie\.com)$/;

/** The 11-character YouTube id in an id or a YouTube address (watch, youtu.be, embed, shorts, live), or undefined. */
export function youtubeId(value: string): string | undefined {
  const text = value.trim();
  if (YOUTUBE_ID.test(text)) return text;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  let id: string | null | undefined;
  if (host === 'youtu.be') id = parts[0];
  else if (YOUTUBE_HOSTS.test(host)) {
    id =
      parts[0] === 'watch'
        ? url.searchParams.get('v')
        : ['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '')
          ? parts[1]
          : undefined;
  }
  return id && YOUTUBE_ID.test(id) ? id : undefined;
}

/** The numeric Vimeo id in an id or a Vimeo address (vimeo.com/123, player.vimeo.com/video/123), or undefined. */
export function vimeoId(value: string): string | undefined {
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return text;
  const match =
    /^(?:https?:\/\/)?(?:www\.|player\.)?vimeo\.com\/(?:video\/|channels\/[^/]+\/)?(\d{1,12})(?:[/?#]|$)/i.exec(text);
  return match?.[1];
}
