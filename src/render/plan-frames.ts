import { AppError, invalidParameter } from '../errors/app-error.js';
import { ANIMATED_FORMATS } from '../engine/negotiate-format.js';
import type { FrameSelection } from '../engine/source-info.js';
import type { Size } from '../geometry/types.js';
import type { TransformSpec } from '../params/transform-spec.js';
import type { OutputFormat } from '../params/vocabulary.js';
import { DEFAULT_MAX_ANIMATION_PIXELS, type ProbeLimits } from '../config/limits.js';

/**
 * How a render treats an animation's frames: every frame (animated output), or one frame, by index from 0.
 * An explicit still format (jpeg, png, avif) shows the first frame, as it always did; `frame=N` picks another.
 * @throws invalid_parameter naming `frame` when the source has fewer frames
 */
function planFrames(spec: Pick<TransformSpec, 'frame'>, frames: number, format: OutputFormat): FrameSelection {
  if (spec.frame !== undefined) {
    if (spec.frame > frames) {
      throw invalidParameter('frame', `a frame number from 1 to ${frames} (this image has ${frames} frame${frames === 1 ? '' : 's'})`, spec.frame);
    }
    return { kind: 'page', page: spec.frame - 1 };
  }
  return frames > 1 && ANIMATED_FORMATS.includes(format) ? { kind: 'all' } : { kind: 'page', page: 0 };
}

/**
 * Operations that cannot be applied to every frame alike: libvips refuses to turn or trim a multi-frame
 * image, a vertical flip of the frames stacked into one tall image would also reverse their order, and a
 * blur or sharpen there would bleed across frames, and a mark would be drawn once over all of them. Each is a 400 that names the parameter and the way out.
 * @throws invalid_parameter
 */
function assertAnimatable(spec: TransformSpec): void {
  const { rotate, flip, trim, blur, sharpen, mark } = spec.operations;
  const refused: ReadonlyArray<readonly [string, unknown, boolean]> = [
    ['rot', rotate, rotate !== 0],
    ['flip', flip, flip === 'v' || flip === 'hv'],
    ['trim', trim, trim !== undefined],
    ['blur', blur, blur !== undefined],
    ['sharpen', sharpen, sharpen !== undefined],
    // sharp composites over the frames stacked as one tall image: the mark would land on one frame only.
    ['mark', mark?.file, mark !== undefined],
  ];
  for (const [name, value, applies] of refused) {
    if (!applies) continue;
    const expected = `no ${name}${name === 'flip' ? ' other than h' : ''} on an animated output (add frame=N for one frame, or an explicit still format like f=png)`;
    throw invalidParameter(name, expected, value);
  }
}

/**
 * Bounds an animated render before any frame is decoded: every frame is decoded (frames × source pixels
 * against maxInputPixels, which libvips would refuse midway anyway) and every frame is resized and encoded
 * (frames × output pixels against maxAnimationPixels).
 * @throws image_too_large
 */
function assertAnimationWork(frames: number, source: Size, output: Size, limits: ProbeLimits): void {
  const decoded = frames * source.width * source.height;
  if (decoded > limits.maxInputPixels) {
    throw new AppError('image_too_large', `The animation has ${frames} frames of ${source.width}×${source.height} (${mp(decoded)} MP in all); this server decodes at most ${mp(limits.maxInputPixels)} MP. Add frame=N to render one frame`);
  }
  const work = frames * output.width * output.height;
  const limit = limits.maxAnimationPixels ?? DEFAULT_MAX_ANIMATION_PIXELS;
  if (work > limit) {
    throw new AppError(
      'image_too_large',
      `An animated output of ${frames} frames at ${output.width}×${output.height} is ${mp(work)} MP of frames; this server renders at most ${mp(limit)} MP. Ask for a smaller size, or frame=N for one frame`,
      { details: { frames, width: output.width, height: output.height, limit } },
    );
  }
}

/**
 * The frames a render decodes (planFrames) and, for an animated output, the checks that come before any frame
 * is: the operations an animation refuses and the frames' work. The CDN's plan (from the file's recorded frame
 * count) and the render itself (from the probed source) both check through here.
 * @throws invalid_parameter (`frame` past the last frame, an operation an animation refuses), image_too_large
 */
export function planCheckedFrames(spec: TransformSpec, frames: number, source: Size, output: Size, format: OutputFormat, limits: ProbeLimits): FrameSelection {
  const selection = planFrames(spec, frames, format);
  if (selection.kind === 'all') {
    assertAnimatable(spec);
    assertAnimationWork(frames, source, output, limits);
  }
  return selection;
}

function mp(pixels: number): string {
  return String(Math.round((pixels / 1e6) * 10) / 10);
}
