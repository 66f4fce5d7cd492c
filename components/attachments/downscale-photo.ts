import { downscaledSize, jpegName, PHOTO_JPEG_QUALITY, PHOTO_MAX_LONG_SIDE } from "@/lib/domain/photo-size";

/**
 * A camera photo made smaller in the browser before upload: decoded with the EXIF orientation applied
 * (so a portrait photo stays upright once the EXIF is gone), drawn at most PHOTO_MAX_LONG_SIDE px on the
 * long side and encoded as JPEG. Returns the original file whenever that is not possible or not better
 * (a browser that cannot decode it, e.g. HEIC outside Safari; a photo that already fits; an encoder
 * error): what the user chose is never lost.
 */
export async function downscalePhoto(file: File, maxLongSide = PHOTO_MAX_LONG_SIDE): Promise<File> {
  if (!file.type.startsWith("image/") && !/\.(jpe?g|png|webp|heic|heif)$/i.test(file.name)) return file;
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const size = downscaledSize({ width: bitmap.width, height: bitmap.height }, maxLongSide);
    if (!size) return file;
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext("2d");
    if (!context) return file;
    // JPEG has no transparency: a transparent PNG gets white behind it instead of black.
    context.fillStyle = "#fff";
    context.fillRect(0, 0, size.width, size.height);
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", PHOTO_JPEG_QUALITY));
    if (!blob || blob.size === 0) return file;
    return new File([blob], jpegName(file.name), { type: "image/jpeg", lastModified: file.lastModified });
  } catch {
    return file;
  } finally {
    bitmap?.close();
  }
}
