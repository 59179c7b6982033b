/** Printed after `render --help`: how the flags map onto a URL, and what `-` means. */
export const RENDER_PARAMETERS_HELP = `
Every flag is the URL parameter of the same name (GET /cdn/{fileId}?w=…&h=…, docs/api.md §1),
with the same ranges; --debug is debug=1. A bad value exits 1 naming the parameter.

Examples:
  convertly render photo.jpg -o face.webp --w 400 --h 400 --gravity face --json
  cat photo.jpg | convertly render - -o - --w 800 --f webp > small.webp`;
