// Draws the app's PNG icons (home screen, Android splash, iOS) from one SVG: run `node scripts/make-icons.mjs`
// after changing the design and commit public/icons/*.png. Uses sharp (installed with Next) and a CJK font
// of the machine (fontconfig, e.g. fonts-wqy-microhei) for the character; nothing is fetched.
import sharp from "sharp";
import { writeFile } from "node:fs/promises";

const BRAND = "#1e40af";

/** `inset`: the share of the canvas kept clear around the mark (a maskable icon is cropped to a circle). */
function svg({ rounded, inset }) {
  const size = 512;
  const glyph = 260 * (1 - inset * 2) / 0.8;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}">
  <rect width="${size}" height="${size}" rx="${rounded ? 96 : 0}" fill="${BRAND}"/>
  <text x="256" y="${256 + glyph * 0.36}" font-size="${glyph}" text-anchor="middle" fill="#fff"
    font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-weight="700">督</text>
</svg>`;
}

const icons = [
  // "any": rounded square with the usual margin.
  { file: "icon-192.png", size: 192, rounded: true, inset: 0.1 },
  { file: "icon-512.png", size: 512, rounded: true, inset: 0.1 },
  // Maskable: full bleed, the mark inside the 80 % safe zone.
  { file: "icon-maskable-512.png", size: 512, rounded: false, inset: 0.2 },
  // iOS rounds the corners itself and dislikes transparency.
  { file: "apple-touch-icon.png", size: 180, rounded: false, inset: 0.1 },
];

for (const icon of icons) {
  const png = await sharp(Buffer.from(svg(icon)), { density: 72 * (icon.size / 512) * 4 })
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9 })
    .toBuffer();
  await writeFile(new URL(`../public/icons/${icon.file}`, import.meta.url), png);
  console.log(icon.file, png.length, "bytes");
}
