// @vitest-environment jsdom
/**
 * UiTPAS's own words for the employee (API 4 `endUserMessage`): carried from a refused call to the
 * screen, and shown in the language Loket is shown in, else in Dutch (UiTPAS always writes Dutch).
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoketCallError } from '../../contract/rpc.js';
import { toProblem } from '../../renderer/src/features/sale/failure.js';
import { endUserText } from '../../renderer/src/lib/i18n/end-user-message.js';
import { initI18n, setLanguage } from '../../renderer/src/lib/i18n/index.js';
import { CodeMessage } from '../../renderer/src/lib/ui/CodeMessage.js';

const words = { nl: 'Het kansentarief is op.', fr: 'Le tarif réduit est épuisé.' };

beforeAll(async () => {
  await initI18n();
});
afterEach(async () => {
  cleanup();
  await setLanguage('nl');
});

describe('endUserText', () => {
  it('picks the language shown, and Dutch when UiTPAS did not write that one', () => {
    expect(endUserText(words, 'fr')).toBe(words.fr);
    expect(endUserText(words, 'nl')).toBe(words.nl);
    expect(endUserText(words, 'en')).toBe(words.nl);
    expect(endUserText({ ...words, en: '  ' }, 'en')).toBe(words.nl);
    expect(endUserText({ nl: 'x', en: 'y' }, 'en')).toBe('y');
  });
});

describe('toProblem', () => {
  it('carries UiTPAS words from a refusal, and drops what is not shaped like them', () => {
    const refused = (endUserMessage: unknown) =>
      new LoketCallError({ code: 'UITPAS_REJECTED', message: 'm', details: { code: 'MAXIMUM_REACHED', message: 'raw', endUserMessage } });
    expect(toProblem(refused(words))).toEqual({ code: 'MAXIMUM_REACHED', serverMessage: 'raw', endUserMessage: words, detail: 'm' });
    expect(toProblem(refused({ fr: 'no Dutch' }))).toEqual({ code: 'MAXIMUM_REACHED', serverMessage: 'raw', detail: 'm' });
    expect(toProblem(refused('text'))).not.toHaveProperty('endUserMessage');
  });
});

describe('CodeMessage', () => {
  it("shows UiTPAS's words in the employee's language in place of its raw message", async () => {
    await setLanguage('fr');
    render(<CodeMessage code="MAXIMUM_REACHED" serverMessage="MAXIMUM_REACHED: Het kansentarief is op." endUserMessage={words} />);
    expect(document.querySelector('.server-message')?.textContent).toBe(' UiTPAS dit : Le tarif réduit est épuisé.');
    cleanup();
    await setLanguage('en');
    render(<CodeMessage code="MAXIMUM_REACHED" serverMessage="raw" endUserMessage={words} />);
    expect(screen.getByText(/UiTPAS says: Het kansentarief is op\./)).toBeTruthy();
  });

  it('shows the raw message when UiTPAS wrote no words for the employee (XML)', () => {
    render(<CodeMessage code="MAXIMUM_REACHED" serverMessage="Maximum bereikt" />);
    expect(document.querySelector('.server-message')?.textContent).toBe(' UiTPAS zegt: Maximum bereikt');
  });
});
