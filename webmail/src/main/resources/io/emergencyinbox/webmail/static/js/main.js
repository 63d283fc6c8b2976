// The webmail: sign in, then one account at a time (the user's own, or for an administrator a
// user's, read only). The URL's #account=<id> names the open account.
import { AuthenticationError, CONTINUITY, MethodError } from './jmap.js';
import { signIn, signOut } from './auth.js';
import { renderBanner } from './banner.js';
import { MessageList } from './list.js';
import { Reader } from './reader.js';
import { Composer } from './composer.js';
import { listen } from './push.js';
import { el, show } from './dom.js';

const $ = id => document.getElementById(id);
/** The outage state has no push notification: read it again this often. */
const STATUS_REFRESH_MS = 60000;
const PUSH_DEBOUNCE_MS = 300;

class Webmail {
  constructor(client) {
    this.client = client;
    this.list = new MessageList(client, {
      list: $('message-list'), heading: $('list-heading'), range: $('page-range'),
      newer: $('newer-page'), older: $('older-page'), search: $('search-form'),
    }, emailId => this.openEmail(emailId));
    this.reader = new Reader(client, $('reader'), {
      onCompose: (mode, email) => this.compose(mode, email),
      onChanged: () => this.refresh(),
      onBack: () => this.showList(),
    });
    this.composer = new Composer(client, $('composer'), {
      onClose: () => this.closeComposer(),
      onSent: () => this.sent(),
    });
  }

  start() {
    show($('login-view'), false);
    show($('app-view'), true);
    show($('session-controls'), true);
    $('signed-in-as').textContent = this.client.username;
    $('sign-out').addEventListener('click', signOut);
    $('compose-button').addEventListener('click', () => this.compose('new'));
    $('back-to-own-inbox').addEventListener('click', () => this.goTo(this.client.ownAccountId));
    this.renderAccountSwitcher();
    window.addEventListener('hashchange', () => this.route());
    listen(this.client, changed => this.onStateChange(changed), signOut);
    setInterval(() => this.refresh(), STATUS_REFRESH_MS);
    return this.route();
  }

  /** Exactly the session's accounts: those the access policy lets this user open. */
  renderAccountSwitcher() {
    const own = this.client.ownAccountId;
    const accounts = Object.entries(this.client.session.accounts)
      .sort(([idA, a], [idB, b]) => (idB === own) - (idA === own) || a.name.localeCompare(b.name));
    const select = $('account-switcher');
    select.replaceChildren(...accounts.map(([id, account]) => el('option', { value: id }, id === own ? `${account.name} (you)` : account.name)));
    select.addEventListener('change', () => this.goTo(select.value));
    show($('account-switch'), accounts.length > 1);
  }

  goTo(accountId) {
    const hash = `#account=${accountId}`;
    if (location.hash === hash) {
      this.route();
    } else {
      location.hash = hash;
    }
  }

  route() {
    const accountId = new URLSearchParams(location.hash.slice(1)).get('account') || this.client.ownAccountId;
    return this.openAccount(accountId);
  }

  async openAccount(accountId) {
    Object.assign(this, { accountId, writable: accountId === this.client.ownAccountId, mailboxKey: 'emergency' });
    $('account-switcher').value = accountId;
    this.closeComposer();
    this.reader.clear();
    await this.loadAccount();
    if (accountId !== this.accountId) {
      return; // Another account was opened meanwhile.
    }
    show($('forbidden-view'), false);
    show(document.querySelector('.layout'), true);
    const owner = this.client.session.accounts[accountId]?.name;
    document.title = `Emergency Inbox – ${owner || this.client.username}`;
    show($('compose-button'), this.writable);
    show($('read-only-note'), !this.writable);
    $('read-only-note').textContent = `You are reading the Emergency Inbox of ${owner}. You cannot change it or send from it.`;
    this.showList();
    await this.list.show(accountId, this.mailboxes.emergency);
  }

  /** Reads the account's continuity status and mailboxes, and shows them. */
  async loadAccount() {
    const { client, accountId } = this;
    const continuity = client.supports(CONTINUITY);
    const calls = [['Mailbox/get', { accountId, ids: null, properties: ['name', 'role', 'totalEmails', 'unreadEmails'] }]];
    if (continuity) {
      calls.push(['Continuity/get', { accountId }]);
    }
    const [mailboxes, status] = await client.request(calls);
    if (accountId !== this.accountId) {
      return;
    }
    const emergencyName = continuity ? client.session.capabilities[CONTINUITY].emergencyMailboxName : 'Emergency';
    this.mailboxes = {
      emergency: mailboxes.list.find(mailbox => mailbox.id === status?.emergencyMailboxId || mailbox.name === emergencyName)
        || { id: null, name: emergencyName, totalEmails: 0, unreadEmails: 0 },
      sent: mailboxes.list.find(mailbox => mailbox.role === 'sent' || mailbox.name === 'Sent')
        || { id: null, name: 'Sent', role: 'sent', totalEmails: 0, unreadEmails: 0 },
    };
    renderBanner($('banner'), status || null, this.writable);
    this.renderMailboxes();
  }

  renderMailboxes() {
    $('mailbox-list').replaceChildren(...Object.entries(this.mailboxes).map(([key, mailbox]) => el('li', {},
      el('button', {
        type: 'button', 'data-mailbox': key, 'aria-current': key === this.mailboxKey ? 'true' : false,
        onclick: () => this.openMailbox(key),
      }, el('span', {}, mailbox.name), mailbox.unreadEmails > 0
        ? el('span', { class: 'count' }, String(mailbox.unreadEmails), el('span', { class: 'visually-hidden' }, ' unread'))
        : ''))));
  }

  openMailbox(key) {
    this.mailboxKey = key;
    this.renderMailboxes();
    this.closeComposer();
    this.reader.clear();
    this.showList();
    return this.list.show(this.accountId, this.mailboxes[key]);
  }

  /** After a change (push, own action, timer): the same page of the same mailbox, brought up to date. */
  async refresh() {
    if (!$('forbidden-view').hidden) {
      return;
    }
    await this.loadAccount();
    this.list.mailbox = this.mailboxes[this.mailboxKey];
    await this.list.load();
  }

  onStateChange(changed) {
    if (this.accountId in changed) {
      clearTimeout(this.pendingRefresh);
      this.pendingRefresh = setTimeout(() => this.refresh(), PUSH_DEBOUNCE_MS);
    }
  }

  /** The page for an account this user may not open (JMAP accountNotFound), instead of an empty inbox. */
  showForbidden() {
    show(document.querySelector('.layout'), false);
    show($('banner'), false);
    show($('forbidden-view'), true);
    document.title = 'Emergency Inbox – no permission';
    $('back-to-own-inbox').focus();
  }

  openEmail(emailId) {
    this.closeComposer();
    document.body.dataset.view = 'reader';
    return this.reader.open(this.accountId, emailId, this.writable);
  }

  showList() {
    document.body.dataset.view = 'list';
  }

  async compose(mode, original = null) {
    const [identity, sentMailboxId] = await Promise.all([this.identity(), this.sentMailboxId()]);
    show($('reader'), false);
    show($('composer'), true);
    document.body.dataset.view = 'reader';
    this.composer.open(this.accountId, identity, sentMailboxId, mode, original);
  }

  closeComposer() {
    show($('composer'), false);
    show($('reader'), true);
  }

  sent() {
    this.closeComposer();
    announce('Message sent.');
    this.refresh();
  }

  /** The identity to send as: the one with the user's own address, else the first. */
  async identity() {
    if (!this.ownIdentity) {
      const [identities] = await this.client.request([['Identity/get', { accountId: this.client.ownAccountId }]]);
      const username = this.client.username.toLowerCase();
      this.ownIdentity = identities.list.find(identity => identity.email.toLowerCase() === username) || identities.list[0];
    }
    return this.ownIdentity;
  }

  /** Sent messages are created in the Sent mailbox, made first if the account has none. */
  async sentMailboxId() {
    if (!this.mailboxes.sent.id) {
      const [set] = await this.client.request([['Mailbox/set', { accountId: this.accountId, create: { sent: { name: 'Sent' } } }]]);
      if (!set.created?.sent) {
        throw new Error(`the Sent mailbox could not be created (${set.notCreated?.sent?.description})`);
      }
      this.mailboxes.sent = { ...this.mailboxes.sent, id: set.created.sent.id };
    }
    return this.mailboxes.sent.id;
  }
}

function announce(message) {
  $('status').textContent = message;
  setTimeout(() => {
    if ($('status').textContent === message) {
      $('status').textContent = '';
    }
  }, 8000);
}

let webmail = null;

// Whatever fails and is not handled where it happened is told here, never silently dropped.
window.addEventListener('unhandledrejection', event => {
  const error = event.reason;
  if (error instanceof AuthenticationError) {
    signOut();
  } else if (error instanceof MethodError && error.type === 'accountNotFound' && webmail) {
    webmail.showForbidden();
  } else if (error instanceof MethodError && error.type === 'forbidden') {
    announce('This is not allowed in this inbox.');
  } else {
    announce(`Something went wrong: ${error?.message || error}. Please try again.`);
  }
});

signIn($('login-form'), $('login-error')).then(client => {
  webmail = new Webmail(client);
  return webmail.start();
});
