/**
 * The header's theme switch (issue 16): a button named «Тема: как в системе» (or «светлая», «тёмная») with the
 * scheme's icon, opening the three choices. The choice is kept by web/src/app/colorScheme.ts.
 */
import { CheckOutlined, DesktopOutlined, MoonOutlined, SunOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useColorSchemeControl, type ThemeChoice } from '@/app/colorScheme';
import { T } from '@/texts';
import './ThemeSwitch.css';

const ICONS: Record<ThemeChoice, React.ReactNode> = {
  system: <DesktopOutlined />,
  light: <SunOutlined />,
  dark: <MoonOutlined />,
};
const ORDER: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The switch; nothing outside the app's root. */
export default function ThemeSwitch() {
  const control = useColorSchemeControl();
  if (!control) return null;
  const { choice, setChoice } = control;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: ORDER.map((key) => ({
          key,
          icon: ICONS[key],
          label: (
            <span className="theme-switch__item">
              {T.theme.choices[key]}
              {key === choice && <CheckOutlined className="theme-switch__check" aria-hidden />}
            </span>
          ),
        })),
        selectable: true,
        selectedKeys: [choice],
        onClick: ({ key }) => setChoice(key as ThemeChoice),
      }}
    >
      <Button
        type="text"
        className="app__theme"
        icon={ICONS[choice]}
        aria-label={`${T.theme.label}: ${T.theme.choices[choice].toLowerCase()}`}
      />
    </Dropdown>
  );
}
