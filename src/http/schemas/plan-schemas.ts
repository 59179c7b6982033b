import { GRAVITY_NAMES, OUTPUT_FORMATS } from '../../params/vocabulary.js';
import { closedObject, type JsonSchema } from './json-schema.js';

const integer: JsonSchema = { type: 'integer' };
const side: JsonSchema = { type: 'integer', minimum: 1 };

const PLAN_PROPERTIES = {
  focus: { type: 'string', description: 'What decided the crop: the real render\'s X-Convertly-Focus' },
  window: closedObject({ x: integer, y: integer, width: side, height: side }, 'The source window shown, in source pixels'),
  windowHeader: { type: 'string', description: 'The same window as the real render\'s X-Convertly-Window (`x,y,width,height`)' },
  width: side,
  height: side,
  format: { type: 'string', enum: [...OUTPUT_FORMATS], description: 'The format this Accept header would get' },
  fallbacks: { type: 'array', items: { type: 'string' }, description: 'Strategies that fell through, with why' },
  cutFaces: { type: 'array', items: { type: 'integer', minimum: 0 }, description: 'Indexes of stored faces the window slices through' },
};

/** `GET /api/files/{id}/plan`: what one render URL would cut and send (planJson). */
export const CROP_PLAN = closedObject(PLAN_PROPERTIES, 'The crop and output of one render, worked out without rendering or charging');

/** `GET /api/files/{id}/crops`: one plan per gravity × aspect, each with the URL that renders it. */
export const CROP_GRID = closedObject({
  fileId: { type: 'string' },
  version: integer,
  width: side,
  height: side,
  cells: {
    type: 'array',
    items: closedObject({
      gravity: { type: 'string', enum: [...GRAVITY_NAMES] },
      aspect: { type: 'string', description: 'As asked, e.g. `16:9`' },
      url: { type: 'string', description: 'The /cdn/ path whose render has this window' },
      ...PLAN_PROPERTIES,
    }),
  },
});
