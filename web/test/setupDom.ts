/**
 * Environment shims for the web component tests (jsdom lacks matchMedia and ResizeObserver, which antd
 * reads), Node's Uint8Array for the in-process server, and Testing Library's clean-up after each test. Does
 * nothing in the Node test environment.
 */
import { afterEach } from 'vitest';

if (typeof window !== 'undefined') {
  // The jsdom environment replaces Uint8Array with jsdom's own, so Node's byte arrays (TextEncoder, Buffer)
  // fail `instanceof Uint8Array` in libraries the in-process test server uses (jose). Node's comes back.
  const nodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as Uint8ArrayConstructor;
  if (globalThis.Uint8Array !== nodeUint8Array) globalThis.Uint8Array = nodeUint8Array;

  const { cleanup, configure } = await import('@testing-library/react');
  afterEach(() => cleanup());
  // The component tests talk to a real server and render antd in jsdom: on a loaded two-core machine an
  // update can take longer than Testing Library's default second to show (with a second copy of the suite
  // running beside it, over 8 s was seen).
  configure({ asyncUtilTimeout: 20_000 });

  // Media queries answered as for a 1280 px wide desktop screen (antd shows its responsive columns).
  const WIDTH = 1280;
  const matches = (query: string) =>
    [...query.matchAll(/\((min|max)-width:\s*([\d.]+)px\)/g)].every(([, kind, px]) =>
      kind === 'min' ? WIDTH >= Number(px) : WIDTH <= Number(px),
    ) && /width/.test(query);
  window.matchMedia = (query: string) =>
    ({
      matches: matches(query),
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
  if (!('ResizeObserver' in window)) {
    class ResizeObserverShim {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverShim;
    (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverShim;
  }
  // antd measures scrollbars and text with getComputedStyle of pseudo elements, which jsdom does not implement.
  const original = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element, pseudo?: string | null) => original(element, pseudo ? undefined : pseudo);
}
