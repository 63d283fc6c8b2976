// Writing mail: new message, reply, reply all, forward, with attachments. A message is created in
// the Sent mailbox, then submitted: the gateway sends it on like any outgoing mail.
import { el, formatAddress, formatAddresses, formatDate, formatSize, senderName } from './dom.js';
import { bodyOf } from './reader.js';

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

export class Composer {
  constructor(client, container, { onClose, onSent }) {
    Object.assign(this, { client, container, onClose, onSent });
  }

  /**
   * Opens the form. mode: 'new', 'reply', 'replyAll' or 'forward'; original: the message answered
   * or forwarded (as read by reader.js); identity: from Identity/get.
   */
  open(accountId, identity, sentMailboxId, mode = 'new', original = null) {
    const draft = draftFor(mode, original, identity);
    Object.assign(this, { accountId, identity, sentMailboxId, original, files: [], forwarded: draft.attachments });
    this.isReply = mode === 'reply' || mode === 'replyAll';
    this.form = el('form', { class: 'composer', 'aria-labelledby': 'composer-title', novalidate: true },
      el('h2', { id: 'composer-title' }, draft.title),
      el('p', { class: 'from' }, 'From: ', formatAddress(identity)),
      field('To', 'to', draft.to),
      field('Cc', 'cc', draft.cc),
      field('Bcc', 'bcc', ''),
      field('Subject', 'subject', draft.subject),
      el('label', { for: 'compose-body' }, 'Message'),
      el('textarea', { id: 'compose-body', name: 'body', rows: '14' }),
      el('div', { class: 'attach' },
        el('label', { for: 'compose-files' }, 'Attach files'),
        el('input', { id: 'compose-files', type: 'file', multiple: true, onchange: event => this.addFiles(event.target) })),
      el('ul', { class: 'attachment-list', 'aria-label': 'Attached files' }),
      el('p', { class: 'error', role: 'alert' }),
      el('div', { class: 'buttons' },
        el('button', { type: 'submit', class: 'primary' }, 'Send'),
        el('button', { type: 'button', onclick: () => this.onClose() }, 'Discard')));
    this.form.elements.body.value = draft.body;
    this.form.addEventListener('submit', event => {
      event.preventDefault();
      this.send();
    });
    this.container.replaceChildren(this.form);
    this.renderAttachments();
    const firstEmpty = ['to', 'subject', 'body'].find(name => !this.form.elements[name].value);
    this.form.elements[firstEmpty || 'body'].focus();
    if (mode !== 'forward' && mode !== 'new') {
      this.form.elements.body.setSelectionRange(0, 0);
    }
  }

  addFiles(input) {
    this.files.push(...input.files);
    input.value = '';
    this.renderAttachments();
  }

  renderAttachments() {
    const item = (list, index, name, size) => el('li', {}, `${name} (${formatSize(size)}) `,
      el('button', { type: 'button', 'aria-label': `Remove ${name}`, onclick: () => {
        list.splice(index, 1);
        this.renderAttachments();
      } }, 'Remove'));
    this.form.querySelector('.attachment-list').replaceChildren(
      ...this.forwarded.map((part, index) => item(this.forwarded, index, part.name, part.size)),
      ...this.files.map((file, index) => item(this.files, index, file.name, file.size)));
  }

  async send() {
    const form = this.form;
    const error = form.querySelector('.error');
    error.textContent = '';
    let recipients;
    try {
      recipients = Object.fromEntries(['to', 'cc', 'bcc'].map(name => [name, parseAddresses(form.elements[name].value)]));
    } catch (invalid) {
      error.textContent = invalid.message;
      return;
    }
    const everyone = [...recipients.to, ...recipients.cc, ...recipients.bcc];
    if (everyone.length === 0) {
      error.textContent = 'Add at least one recipient.';
      form.elements.to.focus();
      return;
    }
    const sendButton = form.querySelector('button[type=submit]');
    sendButton.disabled = true;
    sendButton.textContent = 'Sending…';
    try {
      await this.submit(recipients, everyone);
      this.onSent();
    } catch (failure) {
      error.textContent = `Not sent: ${failure.message}`;
      sendButton.disabled = false;
      sendButton.textContent = 'Send';
    }
  }

  async submit(recipients, everyone) {
    const { client, accountId, identity, original, form } = this;
    const uploaded = [];
    for (const file of this.files) {
      const blob = await client.upload(accountId, file);
      uploaded.push({ blobId: blob.blobId, type: blob.type, name: file.name, disposition: 'attachment' });
    }
    const forwarded = this.forwarded.map(({ blobId, type, name }) => ({ blobId, type, name, disposition: 'attachment' }));
    const email = {
      mailboxIds: { [this.sentMailboxId]: true },
      keywords: { $seen: true },
      from: [{ name: identity.name, email: identity.email }],
      ...recipients,
      subject: form.elements.subject.value,
      textBody: [{ partId: 'body', type: 'text/plain' }],
      bodyValues: { body: { value: form.elements.body.value } },
      attachments: [...forwarded, ...uploaded],
    };
    if (this.isReply && original.messageId) {
      email.inReplyTo = original.messageId;
      email.references = [...(original.references || []), ...(original.messageId || [])];
    }
    const [set, submission] = await client.request([
      ['Email/set', { accountId, create: { message: email } }],
      ['EmailSubmission/set', { accountId, create: { submission: {
        emailId: '#message', identityId: identity.id,
        envelope: { mailFrom: { email: identity.email }, rcptTo: everyone.map(address => ({ email: address.email })) },
      } } }],
    ]);
    if (!set.created?.message) {
      throw new Error(describe(set.notCreated?.message));
    }
    if (!submission.created?.submission) {
      await client.request([['Email/set', { accountId, destroy: [set.created.message.id] }]]);
      throw new Error(describe(submission.notCreated?.submission));
    }
  }
}

function describe(setError) {
  return setError?.description || setError?.type || 'the server did not say why';
}

/** Recipients, subject, body and attachments of a new message in each mode. */
function draftFor(mode, original, identity) {
  if (mode === 'new') {
    return { title: 'New message', to: '', cc: '', subject: '', body: '', attachments: [] };
  }
  const text = originalText(original);
  const date = formatDate(original.sentAt || original.receivedAt);
  if (mode === 'forward') {
    return {
      title: 'Forward', to: '', cc: '', subject: prefixed('Fwd:', original.subject),
      body: `\n\n---------- Forwarded message ----------\nFrom: ${formatAddresses(original.from)}\nDate: ${date}\n`
        + `Subject: ${original.subject || ''}\nTo: ${formatAddresses(original.to)}\n\n${text}`,
      attachments: original.attachments.map(({ blobId, type, name, size }) => ({ blobId, type, name: name || 'attachment', size })),
    };
  }
  const to = original.replyTo?.length ? original.replyTo : original.from;
  const others = mode === 'replyAll'
    ? [...(original.to || []), ...(original.cc || [])].filter(address => !sameAddress(address, identity) && !to.some(t => sameAddress(t, address)))
    : [];
  return {
    title: mode === 'replyAll' ? 'Reply all' : 'Reply', to: fieldValue(to), cc: fieldValue(others),
    subject: prefixed('Re:', original.subject), attachments: [],
    body: `\n\nOn ${date}, ${senderName(original.from)} wrote:\n${text.split('\n').map(line => `> ${line}`).join('\n')}`,
  };
}

function prefixed(prefix, subject) {
  return subject?.toLowerCase().startsWith(prefix.toLowerCase()) ? subject : `${prefix} ${subject || ''}`.trim();
}

function sameAddress(one, other) {
  return one.email.toLowerCase() === other.email.toLowerCase();
}

/** The text to quote: the text body, or the text of the HTML body. */
function originalText(email) {
  const { html, text } = bodyOf(email);
  // A parsed document runs no script and loads nothing.
  return (html === undefined ? text : new DOMParser().parseFromString(html, 'text/html').body.textContent).trim();
}

function field(label, name, value) {
  return el('div', { class: 'field' },
    el('label', { for: `compose-${name}` }, label),
    el('input', { id: `compose-${name}`, name, type: 'text', value, autocomplete: 'off', spellcheck: name === 'subject' ? 'true' : 'false' }));
}

/** Addresses as typed in a field: 'Name <email>, "Last, First" <email>'. */
function fieldValue(addresses) {
  return addresses.map(address => {
    if (!address.name) {
      return address.email;
    }
    const name = /[,;<>"]/.test(address.name) ? `"${address.name.replaceAll('"', '')}"` : address.name;
    return `${name} <${address.email}>`;
  }).join(', ');
}

/** The addresses of a field, as JMAP EmailAddress objects; throws on the first invalid one. */
function parseAddresses(value) {
  return (value.match(/(?:"[^"]*"|[^,;])+/g) || []).map(part => part.trim()).filter(Boolean).map(part => {
    const match = part.match(/^(?:"?([^"<]*?)"?\s*<([^<>]+)>|([^<>\s]+))$/);
    const email = match ? (match[2] || match[3]).trim() : '';
    if (!ADDRESS.test(email)) {
      throw new Error(`Check this address: ${part}`);
    }
    const name = match[1]?.trim();
    return name ? { name, email } : { email };
  });
}
