// Face-free backgrounds for the composites, made at run time: flat and graded colour, busy
// synthetic texture (colour noise, stripes, confetti: what smartcrop's detail and saturation
// scores chase) and real photographic texture cut from the samples.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Dimensions } from './coverage.js';
import { samplePhoto, TEXTURES } from './labels.js';
import { createRandom, type Random } from './random.js';

export const BACKGROUNDS = ['plain', 'gradient', 'noise', 'stripes', 'confetti', 'blinds', 'railing', 'bar', 'wall', 'blurred'] as const;
export type Background = (typeof BACKGROUNDS)[number];

/** Backgrounds with fine detail everywhere: the "texture" of a person-on-texture case. */
export const BUSY_BACKGROUNDS: readonly Background[] = ['noise', 'stripes', 'confetti', 'blinds', 'railing', 'bar'];

const PLAIN_COLOURS = ['#8a8f96', '#d9d4c7', '#2f3b45', '#6d8a5a', '#b7a18a'];

function svg(size: Dimensions, body: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}">${body}</svg>`);
}

/**
 * Synthetic texture is uneven on purpose: uniform detail everywhere is rare in photographs, and
 * it would hand entropy-style croppers a free win (the pasted subject is then the only change).
 */
function busySide(size: Dimensions, random: Random): { x0: number; y0: number; x1: number; y1: number } {
  const share = random.between(0.35, 0.65);
  switch (random.int(0, 3)) {
    case 0:
      return { x0: 0, y0: 0, x1: size.width * share, y1: size.height };
    case 1:
      return { x0: size.width * (1 - share), y0: 0, x1: size.width, y1: size.height };
    case 2:
      return { x0: 0, y0: 0, x1: size.width, y1: size.height * share };
    default:
      return { x0: 0, y0: size.height * (1 - share), x1: size.width, y1: size.height };
  }
}

function stripes(size: Dimensions, random: Random): Buffer {
  const step = Math.round(Math.max(size.width, size.height) / random.int(25, 60));
  const colours = random.pick([['#1d3557', '#f1faee'], ['#e63946', '#f4a261'], ['#264653', '#e9c46a']]);
  const band = busySide(size, random);
  let body = `<rect width="100%" height="100%" fill="${colours[1]}"/><clipPath id="c"><rect x="${band.x0}" y="${band.y0}" width="${band.x1 - band.x0}" height="${band.y1 - band.y0}"/></clipPath><g clip-path="url(#c)">`;
  const span = size.width + size.height;
  for (let i = -span; i < span; i += step * 2) {
    body += `<polygon points="${i},0 ${i + step},0 ${i + step + size.height},${size.height} ${i + size.height},${size.height}" fill="${colours[0]}"/>`;
  }
  return svg(size, `${body}</g>`);
}

function confetti(size: Dimensions, random: Random): Buffer {
  let body = '<rect width="100%" height="100%" fill="#f5f0e6"/>';
  const count = Math.round((size.width * size.height) / 4000);
  // Denser towards one corner: a busy region that competes with the subject.
  const flipX = random.next() < 0.5;
  const flipY = random.next() < 0.5;
  for (let i = 0; i < count; i++) {
    const u = Math.sqrt(random.next());
    const v = Math.sqrt(random.next());
    const cx = Math.round((flipX ? 1 - u : u) * size.width);
    const cy = Math.round((flipY ? 1 - v : v) * size.height);
    body += `<circle cx="${cx}" cy="${cy}" r="${random.int(4, 22)}" fill="hsl(${random.int(0, 359)},85%,55%)"/>`;
  }
  return svg(size, body);
}

/**
 * Gaussian colour grain (mean 120, sigma 45) from a seeded stream. libvips' own noise generator
 * (sharp's `create.noise`) is not seeded, so it drew new grain on every run and the set's noise
 * images, and the hit rates on them, changed from run to run. The stream is seeded by the canvas
 * size rather than drawn from the set's stream, so every other image of the set stays as it was.
 */
function seededGrain(size: Dimensions): Buffer {
  const grain = createRandom(size.width * 7919 + size.height);
  const data = Buffer.alloc(size.width * size.height * 3);
  for (let i = 0; i < data.length; i += 2) {
    // Box-Muller: two normal draws per two uniform ones.
    const r = Math.sqrt(-2 * Math.log(1 - grain.next()));
    const t = 2 * Math.PI * grain.next();
    data[i] = Math.max(0, Math.min(255, Math.round(120 + 45 * r * Math.cos(t))));
    if (i + 1 < data.length) data[i + 1] = Math.max(0, Math.min(255, Math.round(120 + 45 * r * Math.sin(t))));
  }
  return data;
}

/** Colour noise that fades into a flat colour across the canvas. */
async function noise(size: Dimensions, random: Random): Promise<Buffer> {
  const grain = await sharp(seededGrain(size), { raw: { ...size, channels: 3 } }).blur(0.6).png().toBuffer();
  const [x2, y2] = random.pick([[1, 0], [0, 1], [1, 1], [-1, 0]]);
  const [x1, y1] = [x2! < 0 ? 1 : 0, 0];
  const fade = svg(size, `<defs><linearGradient id="g" x1="${x1}" y1="${y1}" x2="${Math.max(0, x2!)}" y2="${y2}"><stop offset="0.2" stop-color="#7a7f86" stop-opacity="0"/><stop offset="0.8" stop-color="#7a7f86" stop-opacity="1"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>`);
  return sharp(grain).composite([{ input: fade }]).png().toBuffer();
}

function gradient(size: Dimensions, random: Random): Buffer {
  const [a, b] = random.pick([['#0f2027', '#2c5364'], ['#ffe9c7', '#b3d4e0'], ['#3a1c71', '#ffaf7b']]);
  return svg(size, `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>`);
}

async function texture(name: string, size: Dimensions): Promise<Buffer> {
  const region = TEXTURES.find((t) => t.name === name);
  if (region === undefined) throw new Error(`no texture ${name}`);
  const { x, y, width, height } = region.box;
  const cut = await sharp(readFileSync(samplePhoto(region.sample))).extract({ left: x, top: y, width, height }).toBuffer();
  return sharp(cut).resize(size.width, size.height, { fit: 'fill' }).png().toBuffer();
}

/** A background of `kind` at `size`, as PNG bytes; the same random stream gives the same picture. */
export async function renderBackground(kind: Background, size: Dimensions, random: Random): Promise<Buffer> {
  switch (kind) {
    case 'plain':
      return sharp({ create: { ...size, channels: 3, background: random.pick(PLAIN_COLOURS) } }).png().toBuffer();
    case 'gradient':
      return sharp(gradient(size, random)).png().toBuffer();
    case 'noise':
      return noise(size, random);
    case 'stripes':
      return sharp(stripes(size, random)).png().toBuffer();
    case 'confetti':
      return sharp(confetti(size, random)).png().toBuffer();
    case 'blurred':
      // A whole sample blurred past recognition (sigma ~4 % of the long side): photographic colour, no face left to detect.
      return sharp(readFileSync(samplePhoto(random.int(1, 6))))
        .resize(size.width, size.height, { fit: 'cover' })
        .blur(Math.max(size.width, size.height) / 25)
        .png()
        .toBuffer();
    default:
      return texture(kind, size);
  }
}
