import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';

/** The error a refused address fails the connection with (origin-errors.ts turns it into a 403). */
export class RefusedAddressError extends Error {
  readonly code = 'ECONVERTLY_REFUSED_ADDRESS';
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, a private or local address`);
  }
}

/**
 * A `lookup` for http(s) agents that resolves as usual and refuses the connection when any address of
 * the name is not allowed. It runs at connect time, for every new connection (redirects included), so a
 * name cannot be checked once and then re-pointed at an internal address (DNS rebinding).
 */
export function createGuardedLookup(policy: AddressPolicy): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refused = addresses.find((entry) => !policy.allows(entry.address));
      if (refused !== undefined || addresses.length === 0) return callback(new RefusedAddressError(hostname, refused?.address ?? 'nothing'));
      if (options.all === true) return callback(null, addresses);
      const [first] = addresses as [LookupAddress];
      return callback(null, first.address, first.family);
    });
  }) as unknown as LookupFunction;
}
