/**
 * Sizing of a photo taken with a phone's camera before it is uploaded (components/attachments/uploader.tsx).
 * A phone camera's 4000 × 3000 picture is 3–8 MB; at 1600 px on the long side it stays legible as evidence
 * of work done and is ~10× smaller on a mobile connection.
 */

/** Long side of an uploaded camera photo, in pixels. */
export const PHOTO_MAX_LONG_SIDE = 1600;
/** JPEG quality of a downscaled photo. */
export const PHOTO_JPEG_QUALITY = 0.85;

export interface Size {
  width: number;
  height: number;
}

/**
 * The size a `width × height` picture is drawn at so its long side is at most `maxLongSide`, keeping the
 * aspect ratio (each side at least 1 px); null when it already fits (or the size is unknown) and is
 * uploaded as it is.
 */
export function downscaledSize({ width, height }: Size, maxLongSide = PHOTO_MAX_LONG_SIDE): Size | null {
  if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) return null;
  const long = Math.max(width, height);
  if (long <= maxLongSide) return null;
  const scale = maxLongSide / long;
  return {
    width: width >= height ? maxLongSide : Math.max(1, Math.round(width * scale)),
    height: height > width ? maxLongSide : Math.max(1, Math.round(height * scale)),
  };
}

/** The downscaled photo's file name: the same name as a JPEG ("IMG_0012.HEIC" → "IMG_0012.jpg"). */
export function jpegName(filename: string): string {
  const base = filename.replace(/\.[^./\\]*$/, "").trim();
  return `${base || "照片"}.jpg`;
}
