// The message list of one mailbox: newest first, a page at a time (so a mailbox of 10,000 messages
// costs one page), with search and unread state.
import { resultOf } from './jmap.js';
import { el, formatDate, senderName } from './dom.js';

const PAGE_SIZE = 50;
const LIST_PROPERTIES = ['id', 'from', 'subject', 'receivedAt', 'keywords', 'preview', 'hasAttachment'];

export class MessageList {
  constructor(client, { list, heading, range, newer, older, search }, onOpen) {
    this.client = client;
    this.elements = { list, heading, range, newer, older, search };
    this.onOpen = onOpen;
    this.selectedId = null;
    newer.addEventListener('click', () => this.page(-PAGE_SIZE));
    older.addEventListener('click', () => this.page(PAGE_SIZE));
    search.addEventListener('submit', event => {
      event.preventDefault();
      this.text = new FormData(search).get('text').trim();
      this.position = 0;
      this.load();
    });
    list.addEventListener('keydown', event => this.moveFocus(event));
  }

  /** Shows the first page of a mailbox ({id, name, role, totalEmails}) of an account. */
  show(accountId, mailbox) {
    Object.assign(this, { accountId, mailbox, text: '', position: 0, selectedId: null });
    this.elements.search.reset();
    return this.load();
  }

  page(offset) {
    this.position = Math.max(0, this.position + offset);
    return this.load().then(() => this.elements.list.querySelector('button')?.focus());
  }

  async load() {
    const { accountId, mailbox, text, position } = this;
    this.elements.heading.textContent = text ? `Search in ${mailbox.name}: “${text}”` : mailbox.name;
    if (!mailbox.id) {
      this.render([], 0);
      return;
    }
    const filter = text ? { inMailbox: mailbox.id, text } : { inMailbox: mailbox.id };
    const [query, get] = await this.client.request([
      ['Email/query', { accountId, filter, sort: [{ property: 'receivedAt', isAscending: false }], position, limit: PAGE_SIZE }],
      ['Email/get', { accountId, '#ids': resultOf(0, 'Email/query', '/ids'), properties: LIST_PROPERTIES }],
    ]);
    if (this.accountId !== accountId || this.mailbox !== mailbox || this.position !== position) {
      return; // Another load started meanwhile; its answer wins.
    }
    const byId = new Map(get.list.map(email => [email.id, email]));
    this.render(query.ids.map(id => byId.get(id)).filter(Boolean), query.position);
  }

  render(emails, position) {
    const { list, range, newer, older } = this.elements;
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset.emailId : null;
    list.replaceChildren(...emails.map(email => this.item(email)));
    if (focused) {
      list.querySelector(`button[data-email-id="${CSS.escape(focused)}"]`)?.focus();
    }
    if (emails.length === 0) {
      list.append(el('li', { class: 'empty' }, this.text ? 'No message matches your search.' : emptyText(this.mailbox)));
    }
    const total = this.text ? null : this.mailbox.totalEmails;
    range.textContent = emails.length === 0 ? '' : `${position + 1}–${position + emails.length}${total ? ` of ${total.toLocaleString()}` : ''}`;
    newer.disabled = position === 0;
    older.disabled = emails.length < PAGE_SIZE || (total !== null && position + emails.length >= total);
  }

  item(email) {
    const unread = !email.keywords.$seen;
    const flagged = Boolean(email.keywords.$flagged);
    const label = [unread ? 'Unread.' : '', flagged ? 'Flagged.' : '', email.hasAttachment ? 'With attachment.' : '',
      `From ${senderName(email.from)}.`, `${email.subject || '(no subject)'},`, formatDate(email.receivedAt)].filter(Boolean).join(' ');
    const button = el('button', {
      class: 'message', type: 'button', 'data-email-id': email.id, 'aria-label': label,
      'aria-current': email.id === this.selectedId ? 'true' : false,
      onclick: () => this.select(email.id),
    },
    el('span', { class: 'from' }, senderName(email.from)),
    el('span', { class: 'date' }, formatDate(email.receivedAt)),
    el('span', { class: 'subject-line' },
      el('span', { class: 'subject' }, email.subject || '(no subject)'),
      el('span', { class: 'marks', 'aria-hidden': 'true' },
        flagged ? el('span', { class: 'flag-mark' }) : null, email.hasAttachment ? el('span', { class: 'clip-mark' }) : null)),
    el('span', { class: 'preview' }, email.preview || ''));
    return el('li', { class: unread ? 'unread' : '' }, button);
  }

  select(emailId) {
    this.selectedId = emailId;
    for (const button of this.elements.list.querySelectorAll('button.message')) {
      if (button.dataset.emailId === emailId) {
        button.setAttribute('aria-current', 'true');
      } else {
        button.removeAttribute('aria-current');
      }
    }
    this.onOpen(emailId);
  }

  /** Up and down arrows move between messages; Tab leaves the list. */
  moveFocus(event) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
      return;
    }
    const buttons = [...this.elements.list.querySelectorAll('button.message')];
    const next = buttons[buttons.indexOf(document.activeElement) + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }
}

function emptyText(mailbox) {
  return mailbox.role === 'sent'
    ? 'Nothing sent yet.'
    : 'No mail is kept here. Mail that arrives while your mail server is unreachable shows up here.';
}
