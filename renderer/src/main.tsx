import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { selectTransport } from './api/select';
import { initI18n, initialLanguage } from './i18n';
import { App } from './shell/App';
import { Fatal } from './shell/Fatal';
import './styles.css';

async function start() {
  const i18n = await initI18n(initialLanguage());
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const transport = import.meta.env.DEV && new URLSearchParams(window.location.search).has('mock') ? await devMockTransport() : selectTransport();
  if ('error' in transport) {
    root.render(<Fatal message={i18n.t('app.noToken')} />);
    return;
  }
  root.render(
    <StrictMode>
      <App api={createClient(transport)} />
    </StrictMode>,
  );
}

/** Dev only (dead code in a production build): an in-memory console for UI work without a core. */
async function devMockTransport() {
  const { createMockTransport } = await import('../dev/mockTransport');
  return createMockTransport(new URLSearchParams(window.location.search).get('as'));
}

void start();
