/**
 * antd's icons are `<span role="img" aria-label="bank">`: their English file names leak into the accessible name
 * of every button and menu item they sit in («bank Банковские операции», «cloud-sync Синхронизировать»), and the
 * range picker's arrow is a `<span aria-label="to">`. Here, once, as each appears — rather than at each of the ~50
 * places an icon is written — an icon beside a text (or in a control named otherwise) is hidden from assistive
 * technology, and the icon that is a control's only content (a search button, the pager's arrows, the menu's «…»)
 * is named in Russian: by the nearest `title` (antd's Russian locale gives the pager's), else by ICON_TEXT.
 */
import { ICON_TEXT } from '@/texts';

const ICON = 'span.anticon[role="img"], .ant-picker-separator[aria-label]';
const CONTROL = 'button, a, [role="button"], [role="menuitem"], [role="tab"], [role="switch"], [role="combobox"]';

/** True when `control` is named by something other than `icon`: its own label, or a text of its own. */
function namedOtherwise(control: Element, icon: Element): boolean {
  if (control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby')) return true;
  for (const node of control.childNodes) if (node !== icon && (node.textContent ?? '').trim() !== '') return true;
  return false;
}

function fix(icon: Element): void {
  const control = icon.closest(CONTROL);
  const english = icon.getAttribute('aria-label') ?? '';
  // Named in Russian on purpose (an icon that says something, e.g. «Назначена вручную» beside a category): kept.
  if (/[А-Яа-яЁё]/.test(english)) return;
  if (!control || namedOtherwise(control, icon) || icon.classList.contains('ant-picker-separator')) {
    icon.setAttribute('aria-hidden', 'true');
    icon.removeAttribute('aria-label');
    icon.removeAttribute('role');
    return;
  }
  const russian = control.closest('[title]')?.getAttribute('title') || ICON_TEXT[english];
  if (russian && russian !== english) icon.setAttribute('aria-label', russian);
}

/** Fixes the icons under `root` now and every icon added or renamed later; returns the stop function. */
export function hideIconNames(root: HTMLElement = document.body): () => void {
  root.querySelectorAll(ICON).forEach(fix);
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches(ICON)) fix(node);
        node.querySelectorAll(ICON).forEach(fix);
      }
      // An icon whose component re-rendered and set its English name again.
      if (change.type === 'attributes' && change.target instanceof Element && change.target.matches(ICON)) fix(change.target);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'aria-label'] });
  return () => observer.disconnect();
}
