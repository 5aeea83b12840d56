/**
 * The stand-in page a video frame shows until the reader presses play (the lesson component
 * src/components/mdx/Video.astro writes it). Its one style block is fixed, so the
 * Content-Security-Policy of headers.ts can allow it by hash alone.
 */
export const VIDEO_FRAME_STYLE =
  'html,body{height:100%;margin:0}a{display:flex;height:100%;align-items:center;justify-content:center;gap:.6em;' +
  'background:#111;color:#fff;font:600 1.1rem system-ui,sans-serif;text-decoration:none}span{font-size:2.5rem}';
