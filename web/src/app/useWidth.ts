/** The rendered width of an element, following resizes (charts draw at their real pixel size). */
import { useEffect, useState, type RefObject } from 'react';

/** Width in CSS pixels of `ref`'s element; `fallback` until it is measured (or where nothing is laid out). */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback = 640): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const w = element.getBoundingClientRect().width;
      if (w > 0) setWidth(Math.round(w));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
