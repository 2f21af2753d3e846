import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../i18n';
import { CvssCalculator } from './CvssCalculator';
import { ApiError } from '../api/client';
import type { CvssResult } from '../api/types';

function pick(container: HTMLElement, metric: string, value: string) {
  const input = container.querySelector(`[aria-labelledby="cvss31-${metric}"] input[value="${value}"]`) as HTMLInputElement;
  fireEvent.click(input);
}

describe('CvssCalculator', () => {
  it('asks the server for the score once every base metric is picked, and shows it live', async () => {
    const score = vi.fn(async (vector: string): Promise<CvssResult> => ({ version: '3.1', vector, score: 9.8, grade: 'critical' }));
    const onChange = vi.fn();
    const { container } = render(
      <I18nProvider lang="en-US">
        <CvssCalculator version="3.1" score={score} onChange={onChange} />
      </I18nProvider>,
    );
    expect(screen.getByText('Pick every base metric')).toBeTruthy();
    for (const [m, v] of [['AV', 'N'], ['AC', 'L'], ['PR', 'N'], ['UI', 'N'], ['S', 'U'], ['C', 'H'], ['I', 'H'], ['A', 'H']]) pick(container, m, v);
    await waitFor(() => expect(score).toHaveBeenCalledWith('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'));
    await waitFor(() => expect(screen.getByTestId('cvss31-score').textContent).toContain('9.8'));
    expect(onChange).toHaveBeenLastCalledWith('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', expect.objectContaining({ score: 9.8 }));
    expect(screen.getAllByText('Critical').length).toBeGreaterThan(0);
  });

  it('starts from an existing vector and shows the server refusal', async () => {
    const score = vi.fn(async () => {
      throw new ApiError(422, 'validation_failed', 'bad', [{ field: 'cvss_vector', code: 'bad_metric', message: 'metric AV has invalid value' }]);
    });
    render(
      <I18nProvider lang="en-US">
        <CvssCalculator version="3.1" value="CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" score={score} />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByText('metric AV has invalid value')).toBeTruthy());
    expect(screen.getByTestId('cvss31-vector').textContent).toContain('AV:L');
    await act(async () => {});
  });
});
