/** The simulator's UiTiD login page for the three-legged OAuth flow (nl first, fr, en). */
import { escapeXml } from '../../uitpas/xml.js';

const text = {
  nl: {
    title: 'Aanmelden met UiTiD (simulator)',
    nick: 'Gebruikersnaam',
    password: 'Wachtwoord',
    submit: 'Aanmelden',
    hint: 'Demo: baliemedewerker / demo',
    'bad-login': 'Gebruikersnaam of wachtwoord klopt niet.',
    'unknown-token': 'Deze aanmeldlink is ongeldig of verlopen.',
  },
  fr: {
    title: 'Se connecter avec UiTiD (simulateur)',
    nick: "Nom d'utilisateur",
    password: 'Mot de passe',
    submit: 'Se connecter',
    hint: 'Démo : baliemedewerker / demo',
    'bad-login': "Nom d'utilisateur ou mot de passe incorrect.",
    'unknown-token': 'Ce lien de connexion est invalide ou expiré.',
  },
  en: {
    title: 'Log in with UiTiD (simulator)',
    nick: 'User name',
    password: 'Password',
    submit: 'Log in',
    hint: 'Demo: baliemedewerker / demo',
    'bad-login': 'Wrong user name or password.',
    'unknown-token': 'This login link is invalid or has expired.',
  },
};

export function authorizePage(o: { token: string; lang: string; error?: 'bad-login' | 'unknown-token' }): string {
  const lang = o.lang === 'fr' || o.lang === 'en' ? o.lang : 'nl';
  const t = text[lang];
  const error = o.error ? `<p role="alert" class="error">${escapeXml(t[o.error])}</p>` : '';
  const form =
    o.error === 'unknown-token'
      ? ''
      : `
<form method="post" action="authorize">
  <input type="hidden" name="oauth_token" value="${escapeXml(o.token)}">
  <input type="hidden" name="lang" value="${lang}">
  <label>${t.nick} <input name="nick" autocomplete="username" autofocus></label>
  <label>${t.password} <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">${t.submit}</button>
</form>
<p>${escapeXml(t.hint)}</p>`;
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${t.title}</title></head>
<body><h1>${t.title}</h1>${error}${form}</body></html>`;
}
