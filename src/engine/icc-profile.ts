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

/** The profile's description: a v2 `desc` (ASCII) or a v4 `mluc` (UTF-16BE, first record). */
function description(icc: Uint8Array, tag: Tag): string {
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  if (tag.size < 12) return '';
  const type = ascii(icc, tag.offset, 4);
  if (type === 'desc') {
    const length = Math.min(view.getUint32(tag.offset + 8), tag.size - 12);
    return ascii(icc, tag.offset + 12, Math.max(0, length)).replace(/\0+$/, '');
  }
  if (type === 'mluc' && tag.size >= 28 && view.getUint32(tag.offset + 8) > 0) {
    const length = view.getUint32(tag.offset + 20);
    const start = tag.offset + view.getUint32(tag.offset + 24);
    if (start + length > tag.offset + tag.size) return '';
    let text = '';
    for (let i = 0; i + 1 < length; i += 2) text += String.fromCharCode(view.getUint16(start + i));
    return text;
  }
  return '';
}

function xyz(icc: Uint8Array, tag: Tag): number[] | null {
  if (tag.size < 20 || ascii(icc, tag.offset, 4) !== 'XYZ ') return null;
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  return [0, 1, 2].map((i) => view.getInt32(tag.offset + 8 + i * 4) / 65536);
}

/** A tone curve that is no curve at all (identity, or a gamma of 1): a linear-light profile. */
function isLinearCurve(icc: Uint8Array, tag: Tag): boolean {
  if (tag.size < 12 || ascii(icc, tag.offset, 4) !== 'curv') return false;
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  const count = view.getUint32(tag.offset + 8);
  if (count === 0) return true;
  return count === 1 && tag.size >= 14 && view.getUint16(tag.offset + 12) === 0x0100;
}

/**
 * Whether an embedded ICC profile is sRGB (pure): an RGB profile named sRGB (not a linear one),
 * with sRGB's primaries and a real tone curve. Anything unreadable or different is not.
 */
export function isSrgbProfile(icc: Uint8Array): boolean {
  if (icc.byteLength < 132 || ascii(icc, 16, 4) !== 'RGB ' || ascii(icc, 36, 4) !== 'acsp') return false;
  const tags = tagTable(icc);
  const desc = tags?.get('desc');
  if (tags === null || tags === undefined || desc === undefined) return false;
  const name = description(icc, desc);
  if (!/srgb/i.test(name) || /linear/i.test(name)) return false;
  for (const [sig, expected] of Object.entries(SRGB_PRIMARIES)) {
    const tag = tags.get(sig);
    const values = tag === undefined ? null : xyz(icc, tag);
    if (values === null || values.some((v, i) => Math.abs(v - expected[i]!) > PRIMARY_TOLERANCE)) return false;
  }
  for (const sig of ['rTRC', 'gTRC', 'bTRC']) {
    const tag = tags.get(sig);
    if (tag === undefined || isLinearCurve(icc, tag)) return false;
  }
  return true;
}
