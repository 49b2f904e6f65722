import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useTheme } from './theme';

function Toggle() {
  const theme = useTheme();
  return (
    <button type="button" onClick={theme.cycle}>
      Theme: {theme.choice}
    </button>
  );
}

describe('useTheme', () => {
  it('follows the system, then light, then dark, and remembers the choice', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Toggle />);
    expect(screen.getByRole('button')).toHaveTextContent('Theme: system');
    expect(document.documentElement.dataset.theme).toBe('light'); // jsdom has no dark preference
    await user.click(screen.getByRole('button'));
    await user.click(screen.getByRole('button'));
    expect(screen.getByRole('button')).toHaveTextContent('Theme: dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(window.localStorage.getItem('junction.theme')).toBe('dark');
    unmount();
    render(<Toggle />);
    expect(screen.getByRole('button')).toHaveTextContent('Theme: dark');
    await user.click(screen.getByRole('button'));
    expect(window.localStorage.getItem('junction.theme')).toBeNull();
  });
});
