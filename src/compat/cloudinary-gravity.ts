import type { Gravity } from '../params/vocabulary.js';

/** What a Cloudinary `g_` value becomes: a Convertly gravity, the `x_`/`y_` point, or nothing expressible. */
export type CloudinaryGravity =
  | { readonly kind: 'gravity'; readonly gravity: Gravity; readonly note?: string }
  | { readonly kind: 'xy' }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** Cloudinary gravities with a direct Convertly equivalent (SPEC §5). */
export const CLOUDINARY_GRAVITIES = {
  center: 'center',
  north: 'north',
  north_east: 'northeast',
  east: 'east',
  south_east: 'southeast',
  south: 'south',
  south_west: 'southwest',
  west: 'west',
  north_west: 'northwest',
  face: 'face',
  faces: 'faces',
  adv_face: 'face',
  adv_faces: 'faces',
  auto: 'smart',
  // Cloudinary's per-asset custom coordinates are what Convertly calls the stored focal point.
  custom: 'focal',
} as const satisfies Record<string, Gravity>;

/** `g_auto:<focus>` variants. */
const AUTO_FOCUS = { classic: 'smart', subject: 'auto', face: 'face', faces: 'faces' } as const satisfies Record<string, Gravity>;

const FALLBACK_NOTE =
  'Convertly falls back by itself (face → smart → auto, focal → center); the Cloudinary fallback after ":" is not used.';

/** Reads a `g_` value. Never throws: an unknown gravity is reported, not rejected, since it only moves the crop. */
export function readCloudinaryGravity(value: string): CloudinaryGravity {
  if (value === 'xy_center') return { kind: 'xy' };
  if (Object.hasOwn(CLOUDINARY_GRAVITIES, value)) {
    return { kind: 'gravity', gravity: CLOUDINARY_GRAVITIES[value as keyof typeof CLOUDINARY_GRAVITIES] };
  }
  const [base = '', qualifier = ''] = value.split(':', 2);
  if (base === 'auto') {
    if (Object.hasOwn(AUTO_FOCUS, qualifier)) return { kind: 'gravity', gravity: AUTO_FOCUS[qualifier as keyof typeof AUTO_FOCUS] };
    const note = `g_${value}: the auto-gravity focus "${qualifier}" is not available; Convertly's smart crop is used.`;
    return { kind: 'gravity', gravity: 'smart', note };
  }
  if (Object.hasOwn(CLOUDINARY_GRAVITIES, base) && qualifier !== '') {
    const gravity = CLOUDINARY_GRAVITIES[base as keyof typeof CLOUDINARY_GRAVITIES];
    return { kind: 'gravity', gravity, note: `g_${value}: ${FALLBACK_NOTE}` };
  }
  return {
    kind: 'unsupported',
    reason: `Gravity "${value}" (object or text detection) is not available; the crop uses Convertly's default (stored focal point, else centre).`,
  };
}
