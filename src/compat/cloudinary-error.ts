import { AppError, describeReceived } from '../errors/app-error.js';

/** `invalid_parameter` for one action of a Cloudinary component, in the house message shape. */
export function invalidCloudinaryAction(component: string, key: string, expected: string, received: string): AppError {
  return new AppError(
    'invalid_parameter',
    `Expected ${expected} for ${key}_ in Cloudinary component "${component}" but received ${describeReceived(received)}`,
    { details: { parameter: `${key}_`, component, expected } },
  );
}

/** `invalid_parameter` for components that are valid Cloudinary but cannot become one Convertly render. */
export function inexpressibleCloudinary(component: string, reason: string): AppError {
  return new AppError('invalid_parameter', `Cloudinary component "${component}" cannot be expressed: ${reason}`, {
    details: { parameter: component, component },
  });
}
