import { ERROR_STATUS } from '../../errors/app-error.js';

/** The `error` member: a catalogue code and a sentence. */
export const ERROR_BODY = {
  type: 'object',
  required: ['code', 'message'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    message: { type: 'string' },
  },
} as const;

/** The house error body `{"error":{"code","message"}}` (AppError.toJSON), as a response schema. */
export const ERROR_RESPONSE = {
  description: 'An error: `code` is one of the catalogue in docs/errors.md, `message` says what to change',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: ERROR_BODY,
  },
} as const;
