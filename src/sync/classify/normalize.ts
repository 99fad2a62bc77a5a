import { stem } from './stem.js';

/** Lower case, ё → е: the folding every comparison of Russian text here starts with. */
export function foldCase(text: string): string {
  return text.toLocaleLowerCase('ru').replaceAll('ё', 'е');
}

/** The stems of the words of a text (letters and digits; everything else separates words). */
export function stems(text: string): string[] {
  return foldCase(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(stem);
}
