/** The provider's UiTiD login page (nl first, fr, en), like the XML simulator's. */
import { escapeXml } from '../../uitpas/xml.js';

const text = {
  nl: {
    title: 'Aanmelden met UiTiD (simulator)',
    username: 'E-mailadres of gebruikersnaam',
    password: 'Wachtwoord',
    submit: 'Meld je aan',
    cancel: 'Annuleren',
    hint: 'Demo: baliemedewerker / demo',
    'bad-login': 'Gebruikersnaam of wachtwoord klopt niet.',
    'unknown-request': 'Deze aanmeldlink is ongeldig of verlopen. Begin opnieuw vanuit de toepassing.',
  },
  fr: {
    title: 'Se connecter avec UiTiD (simulateur)',
    username: "Adresse e-mail ou nom d'utilisateur",
    password: 'Mot de passe',
    submit: 'Se connecter',
    cancel: 'Annuler',
    hint: 'Démo : baliemedewerker / demo',
    'bad-login': "Nom d'utilisateur ou mot de passe incorrect.",
    'unknown-request': "Ce lien de connexion est invalide ou expiré. Recommencez depuis l'application.",
  },
  en: {
    title: 'Log in with UiTiD (simulator)',
    username: 'E-mail address or user name',
    password: 'Password',
    submit: 'Log in',
    cancel: 'Cancel',
    hint: 'Demo: baliemedewerker / demo',
    'bad-login': 'Wrong user name or password.',
    'unknown-request': 'This login link is invalid or has expired. Start again from the application.',
  },
};

export type LoginPageError = 'bad-login' | 'unknown-request';

/** `action` is the authorization endpoint's path: the form posts back to it. */
export function loginPage(o: { action: string; requestId: string; lang: string; error?: LoginPageError }): string {
  const lang = o.lang === 'fr' || o.lang === 'en' ? o.lang : 'nl';
  const t = text[lang];
  const error = o.error ? `<p role="alert" class="error">${escapeXml(t[o.error])}</p>` : '';
  const form =
    o.error === 'unknown-request'
      ? ''
      : `
<form method="post" action="${escapeXml(o.action)}">
  <input type="hidden" name="request" value="${escapeXml(o.requestId)}">
  <label>${escapeXml(t.username)} <input name="username" autocomplete="username" autofocus></label>
  <label>${escapeXml(t.password)} <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">${escapeXml(t.submit)}</button>
  <button type="submit" name="cancel" value="1" formnovalidate>${escapeXml(t.cancel)}</button>
</form>
<p>${escapeXml(t.hint)}</p>`;
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeXml(t.title)}</title></head>
<body><h1>${escapeXml(t.title)}</h1>${error}${form}</body></html>`;
}

/** A request the provider cannot send back to the client (unknown client or redirect URI). */
export function errorPage(message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>UiTiD (simulator): error</title></head>
<body><h1>We are sorry...</h1><p role="alert">${escapeXml(message)}</p></body></html>`;
}
