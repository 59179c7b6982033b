// Delivery-key tokens this browser has seen. Delivery keys are public by design (they go into
// <img> URLs on public pages), so remembering them locally is safe; API keys are never stored.

const STORAGE_KEY = 'convertly.deliveryTokens';

function readAll() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/** The remembered token of a delivery key (by its id), or null. */
export function rememberedToken(keyId) {
  const token = readAll()[keyId];
  return typeof token === 'string' ? token : null;
}

/** Remembers a delivery key's token; refuses anything that is not a `cvdk_` token. */
export function rememberToken(keyId, token) {
  if (typeof token !== 'string' || !token.startsWith('cvdk_')) return false;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...readAll(), [keyId]: token }));
    return true;
  } catch {
    return false;
  }
}

export function forgetToken(keyId) {
  const all = readAll();
  delete all[keyId];
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage refused (private mode): nothing was remembered either.
  }
}
