// Reads just enough of an embedded ICC profile to tell whether it is sRGB. libvips converts every
// image that carries a profile to sRGB through lcms; for an sRGB profile (most camera and editor
// JPEGs embed one) that is close to an identity and costs more than the decode itself: on sample1,
// 61 → 21 ms for an 896 px preview, with the same pixels to the last bit. Not on every colour: HP's
// profile (sample1's) moves the red of some saturated colours by a level, so only previews skip it;
// renders skip only libvips' own profile, the exact identity (source-info.ts iccToSrgb).

/** The sRGB primaries adapted to D50, as every sRGB profile's rXYZ/gXYZ/bXYZ tags hold them. */
const SRGB_PRIMARIES = {
  rXYZ: [0.4361, 0.2225, 0.0139],
  gXYZ: [0.3851, 0.7169, 0.0971],
  bXYZ: [0.1431, 0.0606, 0.7141],
} as const;
/** Profiles round the primaries differently in the fourth decimal (HP's, Apple's, ICC's v4 one). */
const PRIMARY_TOLERANCE = 0.003;
const MAX_TAGS = 200;

interface Tag {
  readonly offset: number;
  readonly size: number;
}

function tagTable(icc: Uint8Array): Map<string, Tag> | null {
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  if (icc.byteLength < 132) return null;
  const count = view.getUint32(128);
  if (count > MAX_TAGS || 132 + count * 12 > icc.byteLength) return null;
  const tags = new Map<string, Tag>();
  for (let i = 0; i < count; i++) {
    const at = 132 + i * 12;
    const offset = view.getUint32(at + 4);
    const size = view.getUint32(at + 8);
    if (offset + size > icc.byteLength) return null;
    tags.set(ascii(icc, at, 4), { offset, size });
  }
  return tags;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function xyz(icc: Uint8Array, tag: Tag): number[] | null {
  if (tag.size < 20 || ascii(icc, tag.offset, 4) !== 'XYZ ') return null;
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  return [0, 1, 2].map((i) => view.getInt32(tag.offset + 8 + i * 4) / 65536);
}

/** The `curv` or `para` tone curve of a tag as a function of 0–1, or null when it is neither or cut short. */
function toneCurve(icc: Uint8Array, tag: Tag): ((x: number) => number) | null {
  if (tag.size < 12) return null;
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  const type = ascii(icc, tag.offset, 4);
  if (type === 'curv') {
    const count = view.getUint32(tag.offset + 8);
    if (tag.size < 12 + 2 * count) return null;
    if (count === 0) return (x) => x;
    if (count === 1) {
      const gamma = view.getUint16(tag.offset + 12) / 256;
      return (x) => x ** gamma;
    }
    // A table: linear interpolation between its entries, as lcms reads it.
    return (x) => {
      const at = x * (count - 1);
      const i = Math.min(count - 2, Math.floor(at));
      const a = view.getUint16(tag.offset + 12 + 2 * i) / 65535;
      const b = view.getUint16(tag.offset + 14 + 2 * i) / 65535;
      return a + (b - a) * (at - i);
    };
  }
  if (type === 'para') {
    const kind = view.getUint16(tag.offset + 8);
    const arity = [1, 3, 4, 5, 7][kind];
    if (arity === undefined || tag.size < 12 + 4 * arity) return null;
    const [g = 1, a = 1, b = 0, c = 0, d = 0, e = 0, f = 0] = Array.from({ length: arity }, (_, i) => view.getInt32(tag.offset + 12 + 4 * i) / 65536);
    const power = (x: number) => (a * x + b > 0 ? (a * x + b) ** g : 0);
    switch (kind) {
      case 0:
        return (x) => x ** g;
      case 1:
        return (x) => (x >= -b / a ? power(x) : 0);
      case 2:
        return (x) => (x >= -b / a ? power(x) + c : c);
      case 3:
        return (x) => (x >= d ? power(x) : c * x);
      default:
        return (x) => (x >= d ? power(x) + e : c * x + f);
    }
  }
  return null;
}

/**
 * Whether a tone curve is sRGB's, at 8 bits: for every one of the 256 input levels, the light it gives
 * is within one level of sRGB's, measured back in sRGB's encoding. A linear curve, a gamma of 2.2
 * (level 30 comes out as 24) or a cut tag is not.
 */
function isSrgbCurve(icc: Uint8Array, tag: Tag): boolean {
  const curve = toneCurve(icc, tag);
  if (curve === null) return false;
  for (let level = 0; level < 256; level++) {
    const light = curve(level / 255);
    // sRGB's encoding of that light, compared in levels against the input level.
    const encoded = light <= 0.0031308 ? light * 12.92 : 1.055 * Math.max(0, light) ** (1 / 2.4) - 0.055;
    if (!(Math.abs(encoded * 255 - level) <= 1)) return false;
  }
  return true;
}

/**
 * Whether an embedded ICC profile is sRGB (pure): an RGB profile with sRGB's primaries and sRGB's
 * tone curve on every channel, whatever it is called. Anything unreadable or different is not.
 */
export function isSrgbProfile(icc: Uint8Array): boolean {
  if (icc.byteLength < 132 || ascii(icc, 16, 4) !== 'RGB ' || ascii(icc, 36, 4) !== 'acsp') return false;
  const tags = tagTable(icc);
  if (tags === null) return false;
  for (const [sig, expected] of Object.entries(SRGB_PRIMARIES)) {
    const tag = tags.get(sig);
    const values = tag === undefined ? null : xyz(icc, tag);
    if (values === null || values.some((v, i) => Math.abs(v - expected[i]!) > PRIMARY_TOLERANCE)) return false;
  }
  for (const sig of ['rTRC', 'gTRC', 'bTRC']) {
    const tag = tags.get(sig);
    if (tag === undefined || !isSrgbCurve(icc, tag)) return false;
  }
  return true;
}
