/** The file an imgix path names, or why it names none; each caller phrases its own error. */
export type ImgixFileId =
  | { readonly ok: true; readonly fileId: string }
  | { readonly ok: false; readonly reason: 'no_file_id' | 'bad_encoding'; readonly segment: string };

/**
 * Reads the file id from an imgix path (still percent-encoded): its last segment without the extension.
 * A web-proxy source is one encoded URL, so the file name of that URL is used.
 */
export function imgixFileId(path: string): ImgixFileId {
  const segment = path.split('/').filter((part) => part !== '').at(-1) ?? '';
  let name: string;
  try {
    name = decodeURIComponent(segment).split('/').at(-1) ?? '';
  } catch {
    return { ok: false, reason: 'bad_encoding', segment };
  }
  const dot = name.lastIndexOf('.');
  const fileId = dot > 0 ? name.slice(0, dot) : name;
  return fileId === '' ? { ok: false, reason: 'no_file_id', segment } : { ok: true, fileId };
}
