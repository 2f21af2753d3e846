import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { DelayTag } from './Authority';
import { EventTags, SecretModal } from './Webhooks';
import { SIGNATURE_SNIPPET } from '../../lib/exchange';

describe('<DelayTag>', () => {
  it('marks a 15-day delay as late, in red, in either language', () => {
    const { unmount } = render(
      <I18nProvider lang="zh-CN">
        <DelayTag hours={360} late />
      </I18nProvider>,
    );
    const tag = screen.getByTestId('late-tag');
    expect(tag.textContent).toBe('迟报 360 小时 / 15 天');
    expect(tag.className).toContain('red');
    unmount();
    render(
      <I18nProvider lang="en-US">
        <DelayTag hours={360} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('late-tag').textContent).toBe('Late: 360 hours / 15 days');
  });
  it('an on-time report is green', () => {
    render(
      <I18nProvider lang="en-US">
        <DelayTag hours={6} late={false} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('on-time-tag').textContent).toBe('On time: 6 hours');
  });
});

describe('<SecretModal>', () => {
  it('shows the secret once with the warning and the verification snippet', () => {
    const onClose = vi.fn();
    render(
      <I18nProvider lang="en-US">
        <SecretModal secret="whsec_abc" onClose={onClose} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('webhook-secret').textContent).toContain('whsec_abc');
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    expect(screen.getByTestId('webhook-snippet').textContent).toBe(SIGNATURE_SNIPPET);
    fireEvent.click(screen.getByTestId('webhook-secret-done'));
    expect(onClose).toHaveBeenCalled();
  });
});

describe('<EventTags>', () => {
  it('says "all events" for an empty list and names each event otherwise', () => {
    const { container, unmount } = render(
      <I18nProvider lang="zh-CN">
        <EventTags events={[]} />
      </I18nProvider>,
    );
    expect(container.textContent).toBe('全部事件');
    unmount();
    const r = render(
      <I18nProvider lang="en-US">
        <EventTags events={['clock.overdue', 'webhook.disabled']} />
      </I18nProvider>,
    );
    expect(r.container.textContent).toBe('Deadline overdueWebhook disabled');
  });
});
