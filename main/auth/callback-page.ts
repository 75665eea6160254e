/**
 * The page the web host shows at /oauth/callback after UiTiD redirected the login popup there.
 * Pure: outcome in, HTML and the headers it needs out (its one inline script closes the popup,
 * allowed by a per-response nonce and nothing else).
 */
import { randomBytes } from 'node:crypto';
import { escapeXml } from '../uitpas/xml.js';
import type { CallbackOutcome } from './login-service.js';

export const CALLBACK_PATH = '/oauth/callback';

const TEXT = {
  ok: {
    title: 'Je bent aangemeld — dit venster mag dicht',
    body: 'Loket gaat verder in het hoofdvenster. / Vous êtes connecté, cette fenêtre peut être fermée. / You are logged in, this window may be closed.',
  },
  refused: {
    title: 'Aanmelden mislukt',
    body: 'Deze aanmelding hoort niet bij Loket of is verlopen. Sluit dit venster en meld opnieuw aan vanuit Loket. / La connexion a échoué : fermez cette fenêtre et reconnectez-vous depuis Loket. / Login failed: close this window and log in again from Loket.',
  },
} as const;

export function callbackPage(outcome: CallbackOutcome): { status: number; html: string; headers: Record<string, string> } {
  const nonce = randomBytes(16).toString('base64');
  const t = outcome.ok ? TEXT.ok : TEXT.refused;
  const detail = outcome.ok ? '' : `<p data-testid="callback-reason" data-reason="${outcome.reason}">${escapeXml(outcome.message)}</p>`;
  // Closing only after a successful login: a refused page stays so the employee can read why.
  const script = outcome.ok ? `<script nonce="${nonce}">setTimeout(function () { window.close(); }, 1500);</script>` : '';
  const html = `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>${escapeXml(t.title)}</title></head>
<body><h1 data-testid="callback-title">${escapeXml(t.title)}</h1><p>${escapeXml(t.body)}</p>${detail}${script}</body></html>`;
  return {
    status: outcome.ok ? 200 : 400,
    html,
    headers: {
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'Content-Type': 'text/html; charset=utf-8',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  };
}
