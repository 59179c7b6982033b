import { AppError, invalidParameter } from '../errors/app-error.js';
import { parseAllowedOrigin } from './origins.js';

/**
 * Normalises the allowed origins of a new delivery key.
 * @throws invalid_parameter naming the entry that is not an origin, or when given for an API key
 */
export function parseOriginList(kind: 'api' | 'delivery', origins: readonly string[]): string[] {
  if (kind === 'api' && origins.length > 0) {
    throw new AppError('invalid_parameter', 'allowedOrigins only applies to delivery keys; API keys are secret and work from anywhere', {
      details: { parameter: 'allowedOrigins' },
    });
  }
  return [
    ...new Set(
      origins.map((entry, index) => {
        const origin = parseAllowedOrigin(entry);
        if (origin === null) throw invalidParameter(`allowedOrigins[${index}]`, 'an origin such as "https://shop.example.com" or "https://*.example.com"', entry);
        return origin;
      }),
    ),
  ];
}
