import type { Box } from './coverage.js';

/** The slices the report breaks hit rates into; a case may sit in several. */
export const CATEGORIES = ['group', 'subject', 'person-on-texture', 'small-faces', 'centred', 'real'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  group: 'groups (2+ faces)',
  subject: 'subject, no usable face',
  'person-on-texture': 'person on texture',
  'small-faces': 'small faces (4-8 %)',
  centred: 'centred subject',
  real: 'real photos',
};

/** One labelled image of the set. */
export interface QualityCase {
  readonly name: string;
  readonly categories: readonly Category[];
  /** JPEG bytes, as an upload would bring them. */
  readonly input: Buffer;
  readonly width: number;
  readonly height: number;
  /** Every labelled face, in image pixels. */
  readonly faces: readonly Box[];
  /** The subject when it is not just the faces (a person, an object); null means "all the faces". */
  readonly subject: readonly Box[] | null;
}

/** What a crop must keep: the subject, or all faces when there is no separate subject. */
export function truthOf(item: QualityCase): readonly Box[] {
  return item.subject ?? item.faces;
}
