/**
 * antd's theme for each colour scheme. The light one is the app's original look; the dark one is antd's
 * darkAlgorithm with the app's surfaces (web/src/colors.css `[data-theme='dark']`, so a table sits on a panel of
 * its own colour) and text colours lightened to 4.5:1 or more on them (WCAG AA, checked by axe in
 * test/e2e/darkMode.test.ts).
 */
import { theme as antdTheme, type ThemeConfig } from 'antd';
import type { ColorScheme } from './colorScheme';

const FONT = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans', sans-serif";
/** The header: dark navy in both schemes. */
const HEADER_BG = '#16243a';

/** Colours and shapes shared by every component: the light scheme. */
export const LIGHT_THEME: ThemeConfig = {
  algorithm: antdTheme.defaultAlgorithm,
  token: {
    colorPrimary: '#2459c9',
    // Links in the primary colour (antd's default link blue #1677ff is 4.1:1 on white).
    colorLink: '#2459c9',
    // Text on white and on their light backgrounds (tags) at 4.5:1 or more (WCAG AA, checked by axe in test/e2e).
    colorSuccess: '#17803f',
    colorError: '#c9302c',
    colorWarning: '#a86400',
    // antd derives the tags' backgrounds from the colours above; darker colours would give grey-green ones.
    colorSuccessBg: '#eef8f1',
    colorSuccessBorder: '#a9d8b8',
    colorErrorBg: '#fdf0ef',
    colorErrorBorder: '#f1b5ae',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    borderRadius: 8,
    fontFamily: FONT,
  },
  components: {
    Layout: { headerBg: HEADER_BG, bodyBg: '#f3f5f9', headerPadding: '0 20px' },
    Menu: { darkItemBg: HEADER_BG, darkItemSelectedBg: '#2459c9' },
  },
};

/** The dark scheme: the same shapes, antd's dark algorithm, the surfaces of colors.css. */
export const DARK_THEME: ThemeConfig = {
  algorithm: antdTheme.darkAlgorithm,
  token: {
    colorPrimary: '#2f66d8',
    colorLink: '#7aa2ff',
    colorInfo: '#5b8def',
    colorSuccess: '#4cc27a',
    colorError: '#ff7b72',
    colorWarning: '#e8a23a',
    colorSuccessBg: '#15301f',
    colorSuccessBorder: '#2a6a43',
    colorErrorBg: '#35191a',
    colorErrorBorder: '#7a3532',
    colorWarningBg: '#33260f',
    colorWarningBorder: '#6e5117',
    // The surfaces of colors.css: --c-page, --c-surface, and the popups a step lighter.
    colorBgLayout: '#0f141b',
    colorBgContainer: '#171c24',
    colorBgElevated: '#1f2530',
    colorBorder: '#3a424f',
    colorBorderSecondary: '#2b323d',
    // antd's dark descriptions (0.45 white) are 4.4:1 on the panels: a little lighter.
    colorTextTertiary: 'rgba(255, 255, 255, 0.55)',
    colorTextDescription: 'rgba(255, 255, 255, 0.6)',
    borderRadius: 8,
    fontFamily: FONT,
  },
  components: {
    Layout: { headerBg: HEADER_BG, bodyBg: '#0f141b', headerPadding: '0 20px' },
    Menu: { darkItemBg: HEADER_BG, darkItemSelectedBg: '#2459c9' },
    // The primary blue behind white text (buttons) is too dark for text on the dark surfaces (2.1:1 on a
    // dropdown's picked item): where antd writes text in it, a lighter blue (6:1 or more).
    Dropdown: { colorPrimary: '#9dbbff', controlItemBgActive: '#243552', controlItemBgActiveHover: '#2a3d60' },
    Pagination: { colorPrimary: '#7aa2ff', colorPrimaryHover: '#9dbbff' },
    Tabs: { itemSelectedColor: '#7aa2ff', itemActiveColor: '#9dbbff', itemHoverColor: '#9dbbff', inkBarColor: '#7aa2ff' },
  },
};

/** The theme of `scheme`, without antd's animations when the user asked the system for less motion. */
export function themeFor(scheme: ColorScheme, reducedMotion: boolean): ThemeConfig {
  const base = scheme === 'dark' ? DARK_THEME : LIGHT_THEME;
  return reducedMotion ? { ...base, token: { ...base.token, motion: false } } : base;
}
