// The Accept header this browser sends for images, which fetch() does not send: the server negotiates
// f=auto from it, so the URL builder asks for the format an <img> here would really get.

const PROBES = {
  // 1×1 images; a browser that decodes one accepts its type.
  avif: 'data:image/avif;base64,AAAAIGZ0eXBhdmlmAAAAAGF2aWZtaWYxbWlhZk1BMUIAAADybWV0YQAAAAAAAAAoaGRscgAAAAAAAAAAcGljdAAAAAAAAAAAAAAAAGxpYmF2aWYAAAAADnBpdG0AAAAAAAEAAAAeaWxvYwAAAABEAAABAAEAAAABAAABGgAAAB0AAAAoaWluZgAAAAAAAQAAABppbmZlAgAAAAABAABhdjAxQ29sb3IAAAAAamlwcnAAAABLaXBjbwAAABRpc3BlAAAAAAAAAAIAAAACAAAAEHBpeGkAAAAAAwgICAAAAAxhdjFDgQ0MAAAAABNjb2xybmNseAACAAIAAYAAAAAXaXBtYQAAAAAAAAABAAEEAQKDBAAAACVtZGF0EgAKCBgANogQEAwgMg8f8D///8WfhwB8+ErK42A=',
  webp: 'data:image/webp;base64,UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==',
};

function decodes(url) {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img.width > 0);
    img.onerror = () => resolve(false);
    img.src = url;
  });
}

let accept = null;

/** `image/avif,image/webp,*\/*` or less, as this browser's image requests would say. */
export function imageAccept() {
  accept ??= Promise.all([decodes(PROBES.avif), decodes(PROBES.webp)]).then(([avif, webp]) =>
    [avif ? 'image/avif' : null, webp ? 'image/webp' : null, 'image/*', '*/*;q=0.8'].filter(Boolean).join(','),
  );
  return accept;
}
