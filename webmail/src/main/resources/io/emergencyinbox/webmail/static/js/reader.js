// Reading one message: headers, the body (HTML sanitised and sandboxed, or plain text as text),
// remote images on request, attachments, and the actions allowed in this account.
import { el, formatAddresses, formatSize, time } from './dom.js';
import { sanitize } from './sanitizer.js';

const READ_PROPERTIES = ['id', 'keywords', 'from', 'to', 'cc', 'replyTo', 'subject', 'sentAt', 'receivedAt',
  'messageId', 'inReplyTo', 'references', 'htmlBody', 'attachments', 'bodyValues'];
// No allow-scripts and no allow-same-origin: the frame can neither run code nor reach this page.
// Links open in a new tab, outside the sandbox, without a reference back to this page.
const FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

export class Reader {
  constructor(client, container, { onCompose, onChanged, onBack }) {
    Object.assign(this, { client, container, onCompose, onChanged, onBack });
    this.clear();
  }

  clear() {
    this.email = null;
    this.container.replaceChildren(el('p', { class: 'placeholder' }, 'Select a message to read it.'));
  }

  /** Shows a message; in a writable account, marks it read. */
  async open(accountId, emailId, writable) {
    this.opening = emailId;
    const [get] = await this.client.request([['Email/get', {
      accountId, ids: [emailId], properties: READ_PROPERTIES, fetchHTMLBodyValues: true,
    }]]);
    const email = get.list[0];
    if (!email) {
      this.container.replaceChildren(el('p', { class: 'placeholder' }, 'This message no longer exists.'));
      return;
    }
    const { html = null, text } = bodyOf(email);
    const inlineImages = await this.loadInlineImages(accountId, email, html);
    if (this.opening !== emailId) {
      return; // Another message was opened meanwhile.
    }
    Object.assign(this, { accountId, email, writable, html, text, inlineImages, showRemoteImages: false });
    this.render();
    this.container.querySelector('h2').focus();
    if (writable && !email.keywords.$seen) {
      await this.setKeyword('$seen', true);
    }
  }

  render() {
    const { email, html, text } = this;
    const body = html === null
      ? { element: el('div', { class: 'text-body' }, text), blockedRemoteImages: 0 }
      : this.frame(html);
    this.container.replaceChildren(...[
      el('button', { type: 'button', class: 'back', 'aria-label': 'Back to the messages', onclick: this.onBack }, '← Messages'),
      el('h2', { id: 'reader-subject', tabindex: '-1' }, email.subject || '(no subject)'),
      el('dl', { class: 'headers' },
        header('From', formatAddresses(email.from)),
        header('To', formatAddresses(email.to)),
        email.cc?.length ? header('Cc', formatAddresses(email.cc)) : null,
        header('Date', time(email.sentAt || email.receivedAt))),
      this.writable ? this.actions() : null,
      body.blockedRemoteImages > 0 ? el('p', { class: 'remote-images' },
        'Remote images are hidden: they would tell the sender when and where you read this message. ',
        el('button', { type: 'button', id: 'show-images', onclick: () => this.revealRemoteImages() }, 'Show images')) : null,
      body.element,
      this.attachments(),
    ].filter(Boolean));
  }

  frame(html) {
    const { html: srcdoc, blockedRemoteImages } = sanitize(html, {
      showRemoteImages: this.showRemoteImages, inlineImages: this.inlineImages,
    });
    const frame = el('iframe', { class: 'html-body', title: 'Message content', sandbox: FRAME_SANDBOX, referrerpolicy: 'no-referrer' });
    frame.srcdoc = srcdoc;
    return { element: frame, blockedRemoteImages };
  }

  revealRemoteImages() {
    this.showRemoteImages = true;
    this.render();
    this.container.querySelector('h2').focus();
  }

  actions() {
    const { email } = this;
    return el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Message actions' },
      el('button', { type: 'button', onclick: () => this.onCompose('reply', email) }, 'Reply'),
      el('button', { type: 'button', onclick: () => this.onCompose('replyAll', email) }, 'Reply all'),
      el('button', { type: 'button', onclick: () => this.onCompose('forward', email) }, 'Forward'),
      el('button', { type: 'button', onclick: () => this.setKeyword('$seen', !email.keywords.$seen) },
        email.keywords.$seen ? 'Mark as unread' : 'Mark as read'),
      el('button', { type: 'button', 'aria-pressed': String(Boolean(email.keywords.$flagged)),
        onclick: () => this.setKeyword('$flagged', !email.keywords.$flagged) }, 'Flag'));
  }

  attachments() {
    const listed = this.email.attachments.filter(part => !(part.cid && this.html?.includes(`cid:${part.cid}`)));
    if (listed.length === 0) {
      return null;
    }
    return el('section', { class: 'attachments', 'aria-labelledby': 'attachments-title' },
      el('h3', { id: 'attachments-title' }, 'Attachments'),
      el('ul', {}, listed.map(part => el('li', {},
        el('button', { type: 'button', onclick: () => this.download(part) },
          `Download ${part.name || 'attachment'}`, el('span', { class: 'size' }, ` (${formatSize(part.size)})`))))));
  }

  async setKeyword(keyword, value) {
    const { accountId, email } = this;
    await this.client.request([['Email/set', { accountId, update: { [email.id]: { [`keywords/${keyword}`]: value || null } } }]]);
    if (value) {
      email.keywords[keyword] = true;
    } else {
      delete email.keywords[keyword];
    }
    if (this.email === email) {
      this.container.querySelector('.actions')?.replaceWith(this.actions());
    }
    this.onChanged();
  }

  async download(part) {
    const name = part.name || 'attachment';
    const blob = await this.client.download(this.accountId, part.blobId, name, part.type);
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  /** Images of the message itself (cid: references in its HTML), as data: URLs. */
  async loadInlineImages(accountId, email, html) {
    const parts = email.attachments.filter(part => part.cid && part.type.startsWith('image/') && html?.includes(`cid:${part.cid}`));
    const entries = await Promise.all(parts.map(async part =>
      [part.cid, await dataUrl(await this.client.download(accountId, part.blobId, part.name || 'image', part.type))]));
    return Object.fromEntries(entries);
  }
}

function header(name, value) {
  return [el('dt', {}, name), el('dd', {}, value)];
}

/**
 * The body to show: {html} when the message has an HTML part, else {text}. Read with
 * fetchHTMLBodyValues only: James keeps one value per part, and asking for text values too would
 * replace an HTML part's value with its text rendering.
 */
export function bodyOf(email) {
  const parts = email.htmlBody.map(part => ({ type: part.type, value: email.bodyValues[part.partId]?.value ?? '' }));
  const html = parts.find(part => part.type === 'text/html');
  return html ? { html: html.value } : { text: parts.map(part => part.value).join('\n') };
}

function dataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
