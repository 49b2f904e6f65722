import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { ApiClient } from '../api/client';
import { SessionProvider } from '../auth/session';
import { FakeJunction } from './fakeJunction';

/** Renders a part of the console inside a session and a router, against a fake Junction. */
export function renderWithSession(element: ReactElement, junction: FakeJunction, path = '/') {
  const api = new ApiClient({ fetch: junction.fetch });
  return render(
    <SessionProvider api={api}>
      <MemoryRouter initialEntries={[path]}>{element}</MemoryRouter>
    </SessionProvider>,
  );
}
