/** Entry point: Russian locale for antd and dayjs, the theme, and the app. */
import dayjs from 'dayjs';
import ruLocale from 'dayjs/locale/ru';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import './colors.css';
import './styles.css';
import { applyScheme, schemeOf, storedChoice, systemPrefersDark } from '@/app/colorScheme';
import '@/app/antdReact19';
import { hideIconNames } from '@/app/hideIconNames';

// Registered by value, so no bundler can drop it as an unused side-effect import.
dayjs.locale(ruLocale);
// antd's icons would add their English names («bank», «search») to the accessible names of buttons and menus.
hideIconNames(document.body);

// The scheme before the first paint: no white flash before a dark page.
applyScheme(schemeOf(storedChoice(), systemPrefersDark()));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
