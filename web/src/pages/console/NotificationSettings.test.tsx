import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { I18nProvider } from '../../i18n';
import { NotificationSettings } from './NotificationSettings';

function serve(prefs: Record<string, unknown>) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      return new Response(JSON.stringify(method === 'PUT' ? body : prefs), { status: 200 });
    }),
  );
  return calls;
}

/** antd puts a Radio's or Checkbox's data-testid on its input (or on the label in other versions). */
function input(testId: string): HTMLInputElement {
  const el = screen.getByTestId(testId);
  return (el.tagName === 'INPUT' ? el : el.querySelector('input')) as HTMLInputElement;
}

function show(lang: 'zh-CN' | 'en-US' = 'en-US') {
  render(
    <I18nProvider lang={lang}>
      <App>
        <NotificationSettings />
      </App>
    </I18nProvider>,
  );
}

describe('<NotificationSettings>', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the chosen events, digest and language; "all events" is an empty list', async () => {
    const calls = serve({ email: true, events: [], min_grade: null, mode: 'immediate', language: 'zh-CN' });
    show();
    await screen.findByTestId('prefs-form');
    expect(input('prefs-all-events').checked).toBe(true);
    fireEvent.click(screen.getByText('Only the events chosen below'));
    fireEvent.click(await screen.findByText('Case confirmed'));
    fireEvent.click(screen.getByText('Daily digest'));
    fireEvent.click(screen.getByText('English'));
    fireEvent.click(screen.getByTestId('prefs-save'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      body: { email: true, events: ['case.confirmed'], mode: 'digest', language: 'en-US' },
    });
    // and back to all events
    fireEvent.click(screen.getByText('All events'));
    fireEvent.click(screen.getByTestId('prefs-save'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(2));
    expect((calls.filter((c) => c.method === 'PUT')[1].body as { events: string[] }).events).toEqual([]);
  });

  it('asks for one event at least when "only these" is chosen, and sends nothing', async () => {
    const calls = serve({ email: true, events: ['clock.overdue'], min_grade: 'high', mode: 'immediate', language: 'both' });
    show('zh-CN');
    await screen.findByTestId('prefs-form');
    // Saved choices come back: only these, overdue ticked, in Chinese.
    const overdue = input('prefs-event-clock.overdue');
    expect(overdue.checked).toBe(true);
    expect(screen.getByText('时限已超时')).toBeTruthy();
    fireEvent.click(overdue);
    fireEvent.click(screen.getByTestId('prefs-save'));
    await screen.findByText('请至少选择一个事件，或选择“全部事件”', undefined, { timeout: 5000 });
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });
});
