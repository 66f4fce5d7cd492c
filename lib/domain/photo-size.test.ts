import { describe, expect, it } from "vitest";
import { downscaledSize, jpegName, PHOTO_MAX_LONG_SIDE } from "./photo-size";

describe("downscaledSize", () => {
  it("leaves a picture that fits alone", () => {
    expect(downscaledSize({ width: 1600, height: 1200 })).toBeNull();
    expect(downscaledSize({ width: 800, height: 1600 })).toBeNull();
    expect(downscaledSize({ width: 1, height: 1 })).toBeNull();
  });

  it("brings the long side down to the limit and keeps the aspect ratio", () => {
    expect(downscaledSize({ width: 4000, height: 3000 })).toEqual({ width: 1600, height: 1200 });
    // A portrait photo: the height is the long side.
    expect(downscaledSize({ width: 3024, height: 4032 })).toEqual({ width: 1200, height: 1600 });
    expect(downscaledSize({ width: 4000, height: 4000 })).toEqual({ width: 1600, height: 1600 });
    expect(downscaledSize({ width: 1601, height: 900 })).toEqual({ width: 1600, height: 899 });
  });

  it("keeps a very thin picture at least one pixel wide", () => {
    expect(downscaledSize({ width: 10_000, height: 2 })).toEqual({ width: 1600, height: 1 });
    expect(downscaledSize({ width: 3, height: 20_000 })).toEqual({ width: 1, height: 1600 });
  });

  it("takes another limit", () => {
    expect(downscaledSize({ width: 2000, height: 1000 }, 1000)).toEqual({ width: 1000, height: 500 });
  });

  it("never returns a side above the limit or below 1 px", () => {
    for (let w = 1; w < 5000; w += 97) {
      for (let h = 1; h < 5000; h += 89) {
        const size = downscaledSize({ width: w, height: h });
        if (!size) {
          expect(Math.max(w, h)).toBeLessThanOrEqual(PHOTO_MAX_LONG_SIDE);
          continue;
        }
        expect(Math.max(size.width, size.height)).toBe(PHOTO_MAX_LONG_SIDE);
        expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(1);
        // The short side is the scaled one, rounded (or 1 px).
        const scale = PHOTO_MAX_LONG_SIDE / Math.max(w, h);
        const short = Math.min(w, h) * scale;
        expect(Math.abs(Math.min(size.width, size.height) - Math.max(1, short))).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it("treats an unknown size as nothing to do", () => {
    expect(downscaledSize({ width: 0, height: 100 })).toBeNull();
    expect(downscaledSize({ width: Number.NaN, height: 100 })).toBeNull();
  });
});

describe("jpegName", () => {
  it("gives the photo a .jpg name", () => {
    expect(jpegName("IMG_0012.HEIC")).toBe("IMG_0012.jpg");
    expect(jpegName("现场照片.png")).toBe("现场照片.jpg");
    expect(jpegName("photo.jpeg")).toBe("photo.jpg");
    expect(jpegName("image")).toBe("image.jpg");
    expect(jpegName(".png")).toBe("照片.jpg");
  });
});
