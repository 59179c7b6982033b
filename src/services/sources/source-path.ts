import { AppError, invalidParameter } from '../../errors/app-error.js';

/** Longest object path accepted (S3's key limit). */
export const MAX_SOURCE_PATH_LENGTH = 1024;

/**
 * An object path from a URL, still percent-encoded (`photos/summer%202024/hero.jpg`), decoded segment by segment.
 * @throws invalid_parameter for bad encoding, an empty, `.` or `..` segment, control characters or an over-long path
 */
export function parseSourcePath(raw: string, name = 'path'): string {
  let segments: string[];
  try {
    segments = raw.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    throw invalidParameter(name, 'a path of valid percent-encoding', raw);
  }
  return checkSourcePath(segments.join('/'), name, segments);
}

/**
 * Checks a decoded path (`POST /api/files?path=…`) with the rules of {@link parseSourcePath}.
 * @throws invalid_parameter
 */
export function checkSourcePath(path: string, name = 'path', segments = path.split('/')): string {
  const expected = `a relative path such as products/shoe.jpg (no empty, "." or ".." segment, at most ${MAX_SOURCE_PATH_LENGTH} characters)`;
  if (path.length === 0) throw new AppError('not_found', 'No path after the source name: use /src/{source}/{path}');
  // eslint-disable-next-line no-control-regex
  if (path.length > MAX_SOURCE_PATH_LENGTH || /[\u0000-\u001f\u007f\\]/.test(path)) throw invalidParameter(name, expected, path);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('/'))) {
    throw invalidParameter(name, expected, path);
  }
  return path;
}
