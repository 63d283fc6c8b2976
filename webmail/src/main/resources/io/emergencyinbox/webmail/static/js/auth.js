// Signing in. The address and password are sent with every request (HTTP Basic, as James expects)
// and kept only in memory, in the JMAP client: never in storage or cookies. Signing out reloads the
// page, which forgets them.
import { AuthenticationError, JmapClient, credentialsJamesCannotRead } from './jmap.js';
import { jmapUrl } from '../config.js';

export function jmapBaseUrl() {
  return new URL(jmapUrl || '/', location.href);
}

/** Waits for a successful sign-in on the form and resolves with a connected JmapClient. */
export function signIn(form, message) {
  form.querySelector('.server').textContent = `Server: ${jmapBaseUrl().host}`;
  return new Promise(resolve => {
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const username = form.elements.username.value.trim();
      const password = form.elements.password.value;
      const button = form.querySelector('button[type=submit]');
      message.textContent = '';
      button.disabled = true;
      try {
        const client = await JmapClient.connect(jmapBaseUrl(), username, password);
        form.reset();
        resolve(client);
      } catch (error) {
        message.textContent = explain(error, username, password);
        form.elements.password.focus();
      } finally {
        button.disabled = false;
      }
    });
  });
}

function explain(error, username, password) {
  if (!(error instanceof AuthenticationError)) {
    return 'The mail server could not be reached. Check your connection and try again.';
  }
  if (credentialsJamesCannotRead(username, password)) {
    return 'Sign-in failed. Your password may be right: this server (Apache James 3.8.1) cannot check some '
      + 'combinations of address and password, and yours is one of them. Ask your administrator for a new '
      + 'password; one made of letters and digits only usually works.';
  }
  return 'Sign-in failed: the email address or the password is not right.';
}

export function signOut() {
  location.reload();
}
