/**
 * antd 5 renders its static functions (`message.success(...)`, `Modal.confirm(...)`) with React 18's
 * legacy render, which React 19 removed; this gives them React 19's createRoot instead (antd's
 * documented hook for React 19). Imported by the entry point and by the components the specification
 * pairs with `message.success`, so its snippets work as written.
 */
import { unstableSetRender } from 'antd';
import { createRoot, type Root } from 'react-dom/client';

const roots = new WeakMap<Element | DocumentFragment, Root>();

unstableSetRender((node, container) => {
  let root = roots.get(container);
  if (!root) {
    root = createRoot(container);
    roots.set(container, root);
  }
  root.render(node);
  return async () => {
    // Unmounting inside React's own render pass is not allowed: let it finish first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});
