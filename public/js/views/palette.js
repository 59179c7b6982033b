// The palette of the analysis as swatches: name, hex and the suggested text colour shown on the
// colour itself (SPEC §2 `bodyTextOnColor` / `titleTextOnColor`). A swatch copies its hex.
import { copyText, h, toast } from '../dom.js';

export const PALETTE_NAMES = ['vibrant', 'muted', 'darkVibrant', 'darkMuted', 'lightVibrant', 'lightMuted'];

const LABELS = {
  vibrant: 'Vibrant',
  muted: 'Muted',
  darkVibrant: 'Dark vibrant',
  darkMuted: 'Dark muted',
  lightVibrant: 'Light vibrant',
  lightMuted: 'Light muted',
};

/** @param {object | null} palette the analysis' palette */
export function renderPalette(palette) {
  if (!palette) return h('p', { class: 'muted' }, 'Analyze the image to extract its palette.');
  const dominant = palette.dominant?.name;
  return h('ul', { class: 'palette', 'aria-label': 'Palette' },
    PALETTE_NAMES.map((name) => {
      const swatch = palette[name];
      if (!swatch) {
        return h('li', { class: 'swatch none', dataset: { name } },
          h('span', { class: 'swatch-name' }, LABELS[name]),
          h('span', { class: 'swatch-hex' }, 'not in this image'),
        );
      }
      // The accessible name is the visible text (plus a hidden verb), so voice control can say what it sees.
      const button = h('button', { type: 'button', class: 'swatch-button' },
        h('span', { class: 'swatch-name' }, LABELS[name], dominant === name ? h('span', { class: 'dominant-mark' }, ' · dominant') : null),
        h('span', { class: 'swatch-hex' }, swatch.hex),
        h('span', { class: 'swatch-hint' }, `Text ${swatch.bodyTextOnColor === '#ffffff' ? 'white' : 'black'} ${swatch.bodyTextOnColor}`),
        h('span', { class: 'visually-hidden' }, ' (copy the hex)'),
      );
      // Through the CSSOM: the page's CSP refuses inline style attributes.
      button.style.backgroundColor = swatch.hex;
      button.style.color = swatch.bodyTextOnColor;
      button.querySelector('.swatch-name').style.color = swatch.titleTextOnColor ?? swatch.bodyTextOnColor;
      button.addEventListener('click', async () => {
        const ok = await copyText(swatch.hex);
        toast(ok ? `Copied ${swatch.hex}` : `Could not copy ${swatch.hex}`, ok ? 'info' : 'error');
      });
      return h('li', { class: 'swatch', dataset: { name, hex: swatch.hex, text: swatch.bodyTextOnColor } }, button);
    }),
  );
}
