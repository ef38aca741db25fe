/** The timeline shows an image within this many CSS pixels each way (its 480 px thumbnail stays sharp on 2× screens). */
const TIMELINE_BOX = 240;

/**
 * The size an image takes in the timeline: fitted into the box, never enlarged. Pages
 * give it as the `<img>`'s width and height, so the space is reserved before the image
 * loads and nothing jumps; null (size unknown, images from before sizes were kept) lets
 * the stylesheet's bounds apply. Bundled into the browser client too, so both agree.
 */
export function timelineBox(width: number | null | undefined, height: number | null | undefined): { width: number; height: number } | null {
  if (!width || !height) return null;
  const scale = Math.min(1, TIMELINE_BOX / width, TIMELINE_BOX / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
