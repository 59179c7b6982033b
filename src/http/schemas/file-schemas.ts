import { FOCAL_SOURCES, PALETTE_NAMES, SUGGESTED_ASPECTS } from '../../analyze/analyze-result.js';
import { closedObject, idParams, isoDate, jsonBody, nullable, ref, type JsonSchema } from './json-schema.js';

const integer: JsonSchema = { type: 'integer' };
const unit: JsonSchema = { type: 'number', minimum: 0, maximum: 1 };
const rect = closedObject({ x: integer, y: integer, width: integer, height: integer });
const number: JsonSchema = { type: 'number' };
const box = closedObject({ x: number, y: number, width: number, height: number });
const textColour: JsonSchema = { type: 'string', enum: ['#ffffff', '#000000'] };
const swatchProperties = {
  hex: { type: 'string', pattern: '^#[0-9a-f]{6}$' },
  rgb: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 }, minItems: 3, maxItems: 3 },
  population: { type: 'integer', minimum: 0 },
  bodyTextOnColor: textColour,
  titleTextOnColor: textColour,
};
const swatch = closedObject(swatchProperties);

/** The `{id}` of the `/api/files/{id}…` routes. */
export const FILE_PARAMS = idParams('id', 'a file id returned by the upload, `f_…`');

/** The analyze answer (AnalyzeResult, SPEC §2), shared as `Analysis`. */
export const ANALYSIS_SCHEMA = {
  $id: 'Analysis',
  ...closedObject(
    {
      width: integer,
      height: integer,
      focal: closedObject({
        suggested: closedObject({ x: unit, y: unit, confidence: unit, source: { type: 'string', enum: [...FOCAL_SOURCES] } }),
        crop: rect,
        crops: closedObject(Object.fromEntries(Object.keys(SUGGESTED_ASPECTS).map((aspect) => [aspect, rect]))),
      }),
      faces: { type: 'array', items: closedObject({ x: number, y: number, width: number, height: number, score: unit }) },
      objects: {
        type: 'array',
        description: 'COCO objects (people, animals, vehicles…), best score first',
        items: closedObject({ label: { type: 'string', description: 'a COCO class name' }, box: box, score: unit }),
      },
      palette: closedObject({
        ...Object.fromEntries(PALETTE_NAMES.map((name) => [name, nullable(swatch)])),
        dominant: nullable(closedObject({ ...swatchProperties, name: { type: 'string', enum: [...PALETTE_NAMES] } })),
      }),
      placeholder: { type: 'string', description: 'A ThumbHash (base64) for a blurred preview' },
    },
    'Faces, the suggested focal point and crops, the palette and a placeholder; pixels are source pixels after EXIF orientation',
  ),
} as const;

/** A stored file (fileJson), shared as `File`. */
export const FILE_SCHEMA = {
  $id: 'File',
  ...closedObject(
    {
      id: { type: 'string', description: 'The file id, `f_…`' },
      name: { type: 'string' },
      format: { type: 'string', description: 'The stored format (jpeg, png, webp, avif, gif, tiff…)' },
      width: integer,
      height: integer,
      bytes: integer,
      createdAt: isoDate,
      version: integer,
      focal: nullable(closedObject({ x: unit, y: unit }, 'The focal point set by hand (fractions of width and height)')),
      analysis: nullable(ref('Analysis')),
      path: nullable({ type: 'string', description: 'The path it is stored or fetched under (`?path=` uploads: `/src/uploads/{path}`); null for a plain upload' }),
    },
    'A stored image',
  ),
} as const;

export const FILES_PAGE_SCHEMA = closedObject({
  items: { type: 'array', items: ref('File') },
  nextCursor: nullable({ type: 'string', description: 'Pass as `cursor` for the next page; null on the last' }),
});

/** An upload's body, for the document only: read by readUpload (multipart or raw), not by a JSON schema. */
export const UPLOAD_BODY = {
  description: 'The image: a multipart form with the field `file`, or the raw bytes with their image content type',
  content: {
    'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
    'image/*': { schema: { type: 'string', format: 'binary' } },
    'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
  },
} as const;

/** The analyze body: a stored file by id (JSON, the result is saved with it) or a fresh upload. */
export const ANALYZE_BODY = {
  description: 'A stored file (`{"fileId": "f_…"}`, the result is saved with it) or an image upload (nothing stored)',
  content: {
    'application/json': {
      schema: jsonBody({ fileId: { type: 'string', minLength: 1, maxLength: 100 } }, ['fileId']),
    },
    ...UPLOAD_BODY.content,
  },
} as const;
