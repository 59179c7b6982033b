import type { Compass } from '../geometry/compass-window.js';
import { MAX_MARK_ALPHA, type Mark } from '../params/mark.js';
import { strictInteger } from '../params/query-values.js';
import { MAX_PAD } from '../params/vocabulary.js';
import { invalidCloudinaryAction } from './cloudinary-error.js';
import type { CloudinaryComponent } from './cloudinary-grammar.js';
import { readCloudinaryLength } from './cloudinary-values.js';
import type { DraftMark } from './mark-width.js';
import type { TranslationLog } from './translation.js';

type Actions = Extract<CloudinaryComponent, { kind: 'actions' }>;

/** What the layer's components may say; anything else in them is reported. */
const LAYER_KEYS = ['l', 'w', 'c', 'o', 'g', 'x', 'y', 'fl'];
/** Crop modes that only scale the overlay (its width then decides), as Cloudinary's default `scale` does. */
const SCALING_MODES = ['scale', 'fit', 'limit'];

function flags(actions: ReadonlyMap<string, string>): string[] {
  return (actions.get('fl') ?? '').split('.').filter((flag) => flag !== '');
}

/**
 * Takes the overlays out of a transformation chain: `l_ID/…/fl_layer_apply,…` (the components from the `l_` one
 * to the one that applies it) or a lone `l_ID,…` component. The rest is the base image's chain.
 */
export function splitCloudinaryLayers(components: readonly CloudinaryComponent[]): { base: CloudinaryComponent[]; layers: Actions[][] } {
  const base: CloudinaryComponent[] = [];
  const layers: Actions[][] = [];
  for (let i = 0; i < components.length; i++) {
    const component = components[i]!;
    if (component.kind !== 'actions' || !component.actions.has('l')) {
      base.push(component);
      continue;
    }
    // The layer runs to the component that applies it; another l_ first means this one stands alone.
    let end = i;
    for (let at = i + 1; !flags(component.actions).includes('layer_apply') && at < components.length; at++) {
      const next = components[at]!;
      if (next.kind !== 'actions' || next.actions.has('l')) break;
      if (flags(next.actions).includes('layer_apply')) {
        end = at;
        break;
      }
    }
    layers.push(components.slice(i, end + 1).filter((part): part is Actions => part.kind === 'actions'));
    i = end;
  }
  return { base, layers };
}

/** The file `l_` names: a file id, or the upload path its public id is (`l_brand:logo` → `brand/logo`); undefined for text or fetched layers. */
function layerFile(value: string): string | undefined {
  if (/^(text|fetch|video|subtitles|lut|audio):/i.test(value)) return undefined;
  return value.split(':').join('/');
}

const COMPASS_OF: Readonly<Record<string, Compass>> = {
  north_west: 'northwest', north: 'north', north_east: 'northeast', west: 'west', center: 'center',
  east: 'east', south_west: 'southwest', south: 'south', south_east: 'southeast',
};

function offset(text: string, key: 'x' | 'y', raw: string | undefined, edge: boolean, log: TranslationLog): number {
  if (raw === undefined) return 0;
  const value = strictInteger(raw);
  if (value !== undefined && value <= MAX_PAD && (edge || value === 0)) return value;
  const reason = edge ? `Only an offset in pixels from the edge (0–${MAX_PAD}) is supported; the mark sits at the edge.` : 'An offset from the centre is not supported; the mark is centred on that axis.';
  log.unsupported.push({ param: key, value: raw, reason, component: text });
  return 0;
}

/**
 * Reads one overlay as a Convertly mark: `l_` the file, `g_` a compass position (centre by default, as in
 * Cloudinary), `x_`/`y_` the distance from the edges that `g_` names, `w_` its width (pixels, or with
 * `fl_relative` a fraction of the base image's width), `o_` its opacity. Other layer settings are reported.
 * @throws invalid_parameter naming the component and the action
 */
export function readCloudinaryMark(layer: readonly Actions[], log: TranslationLog): DraftMark | undefined {
  const text = layer.map((part) => part.text).join('/');
  const actions = new Map<string, string>();
  for (const part of layer) for (const [key, value] of part.actions) actions.set(key, key === 'fl' && actions.has('fl') ? `${actions.get('fl')}.${value}` : value);
  for (const [key, value] of actions) {
    if (!LAYER_KEYS.includes(key)) log.unsupported.push({ param: key, value, reason: 'This setting of an overlay is not supported; the mark is drawn without it.', component: text });
  }
  const file = layerFile(actions.get('l') ?? '');
  if (file === undefined) {
    log.unsupported.push({ param: 'l', value: actions.get('l') ?? '', reason: 'Text and fetched overlays are not supported; only a stored image of this workspace is drawn.', component: text });
    return undefined;
  }
  const gravity = actions.get('g') ?? 'center';
  const name = COMPASS_OF[gravity];
  if (name === undefined) log.unsupported.push({ param: 'g', value: gravity, reason: 'Only compass positions place an overlay; it is centred.', component: text });
  const position = name ?? 'center';
  const mode = actions.get('c');
  if (mode !== undefined && !SCALING_MODES.includes(mode)) log.unsupported.push({ param: 'c', value: mode, reason: 'An overlay can only be scaled; it is not cropped.', component: text });
  const relative = flags(actions).includes('relative');
  let width: number | undefined;
  let widthPixels: DraftMark['widthPixels'];
  const w = actions.get('w');
  if (w !== undefined) {
    const length = readCloudinaryLength(text, 'w', w);
    if (length.kind === 'pixels') widthPixels = { param: 'w', value: length.value, component: text };
    else if (relative && length.value <= 1) width = Math.round(length.value * 10_000) / 10_000;
    else log.unsupported.push({ param: 'w', value: w, reason: 'A width relative to the overlay itself (without fl_relative) is not supported; the mark keeps its own size.', component: text });
  }
  const opacity = actions.get('o');
  const alpha = opacity === undefined ? MAX_MARK_ALPHA : strictInteger(opacity);
  if (alpha === undefined || alpha > MAX_MARK_ALPHA) throw invalidCloudinaryAction(text, 'o', `an opacity between 0 and ${MAX_MARK_ALPHA}`, opacity ?? '');
  const mark: Mark = {
    file,
    position: { kind: 'compass', name: position },
    width,
    alpha,
    pad: {
      x: offset(text, 'x', actions.get('x'), position.endsWith('east') || position.endsWith('west'), log),
      y: offset(text, 'y', actions.get('y'), position.startsWith('north') || position.startsWith('south'), log),
    },
  };
  return widthPixels === undefined ? { mark } : { mark, widthPixels };
}
