// The few browser globals the functions evaluated in the page use. The project compiles without
// the DOM lib (it is a Node codebase), so they are described here, minimally, for those functions.

export interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  readonly naturalWidth?: number;
  readonly complete?: boolean;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

export interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  readonly body: { readonly scrollWidth: number };
}

export interface PageWindow {
  readonly innerWidth: number;
  readonly localStorage: { getItem(key: string): string | null };
  readonly navigator: { readonly clipboard: { readText(): Promise<string> } };
}
