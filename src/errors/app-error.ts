/**
 * The public error catalogue: every code a client can see, with its HTTP status.
 * Codes are part of the contract (SPEC §6) and are never renamed once shipped.
 */
export const ERROR_STATUS = {
  invalid_parameter: 400,
  invalid_request: 400,
  request_timeout: 408,
  unauthorized: 401,
  forbidden: 403,
  delivery_key_not_allowed: 403,
  invalid_signature: 403,
  not_found: 404,
  conflict: 409,
  image_too_large: 413,
  payload_too_large: 413,
  unsupported_image: 415,
  unsupported_media_type: 415,
  quota_exceeded: 429,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  origin_unavailable: 502,
  service_unavailable: 503,
  render_timeout: 503,
  storage_full: 503,
  storage_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The one error type of the project: a public code, a sentence a person can act on, and its HTTP status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options.details;
  }

  /** True for errors caused by the client (4xx): their message is safe to show. */
  get isClientError(): boolean {
    return this.status < 500;
  }

  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Formats a value for the `Expected X for NAME but received V` message shape (after sharp's `is.*`). */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (Array.isArray(value)) return `${value.length} values`;
  return String(value);
}

/**
 * The one message builder: `Expected X for NAME but received V`, for client errors (invalidParameter) and
 * programming errors (`new Error(expectedMessage(…))`) alike. `describe` formats the received value.
 */
export function expectedMessage(expected: string, name: string, received: unknown, describe: (value: unknown) => string = describeReceived): string {
  return `Expected ${expected} for ${name} but received ${describe(received)}`;
}

/** `invalid_parameter` in the house message shape. */
export function invalidParameter(name: string, expected: string, received: unknown, describe?: (value: unknown) => string): AppError {
  return new AppError('invalid_parameter', expectedMessage(expected, name, received, describe), {
    details: { parameter: name, expected },
  });
}

/**
 * A programming error (a bad tunable or option, never the client's fault): a plain Error, answered as a
 * logged 500, in the house message shape.
 */
export function invalidOption(name: string, expected: string, received: unknown): Error {
  return new Error(expectedMessage(expected, name, received, String));
}
