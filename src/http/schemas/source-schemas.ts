import { SOURCE_DIALECTS } from '../../storage/index.js';
import { closedObject, isoDate, nullable, type JsonSchema } from './json-schema.js';

const common = {
  id: { type: 'string', description: 'The source\'s id (files fetched from it name it)' },
  name: { type: 'string', description: 'Its URL segment: /src/{name}/{path}' },
  public: { type: 'boolean', description: 'true: anyone may render from it; false: a delivery key, a signature, an API key or a session of the workspace' },
  hosts: { type: 'array', items: { type: 'string' }, description: 'Requests with one of these Host names are served from this source' },
  dialect: { type: 'string', enum: [...SOURCE_DIALECTS], description: 'How query strings on its hosts are read' },
  createdAt: isoDate,
} as const;

const HTTP_SOURCE = closedObject({ ...common, kind: { type: 'string', const: 'http' }, baseUrl: { type: 'string', description: 'The web folder paths are appended to' } }, 'A web folder');
const S3_SOURCE = closedObject({
  ...common,
  kind: { type: 'string', const: 's3' },
  bucket: { type: 'string' },
  prefix: { type: 'string', description: 'Prepended to every path ("" for none)' },
  endpoint: nullable({ type: 'string', description: 'An S3-compatible endpoint; null for AWS' }),
  region: nullable({ type: 'string' }),
  accessKeyId: nullable({ type: 'string', description: 'null: the server\'s own AWS credentials; the secret key is never shown' }),
}, 'An S3 bucket, or a folder of one');

/** A source as the API shows it (sourceJson): the secret access key is never part of it. */
export const SOURCE: JsonSchema = { oneOf: [HTTP_SOURCE, S3_SOURCE] };
export const SOURCES_PAGE: JsonSchema = closedObject({ items: { type: 'array', items: SOURCE } });

/** Documented only: parseNewSource validates the body and names the field in its 400. */
export const NEW_SOURCE_BODY: JsonSchema = {
  type: 'object',
  required: ['name', 'kind'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'Not "uploads" (the built-in source of uploads stored under a path)' },
    kind: { type: 'string', enum: ['http', 's3'] },
    baseUrl: { type: 'string', description: 'http: an http(s) URL without user, query or fragment' },
    bucket: { type: 'string', description: 's3: the bucket' },
    prefix: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    accessKeyId: { type: 'string', description: 'With secretAccessKey, or neither' },
    secretAccessKey: { type: 'string' },
    public: { type: 'boolean' },
    hosts: { type: 'array', items: { type: 'string' }, maxItems: 20 },
    dialect: { type: 'string', enum: [...SOURCE_DIALECTS] },
  },
};

export const SOURCE_NAME_PARAMS: JsonSchema = { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'A source name' } } };
