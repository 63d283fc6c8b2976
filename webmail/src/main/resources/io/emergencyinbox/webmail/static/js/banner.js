// The outage banner: what Continuity/get says about the account's mail server, in plain words.
import { el, time } from './dom.js';

/**
 * Shows the status of the open account. status is Continuity/get's answer, or null when the server
 * does not offer our capability (a stock James): then there is nothing to say.
 */
export function renderBanner(banner, status, ownAccount) {
  const shown = Boolean(status) && status.state !== 'UNMANAGED';
  banner.hidden = !shown;
  banner.dataset.state = shown ? status.state : 'NONE';
  const content = shown ? describe(status, ownAccount) : [];
  // The banner is a live region: change it only when what it says changes, or it is read out again.
  if (banner.textContent !== content.map(element => element.textContent).join('')) {
    banner.replaceChildren(...content);
  }
}

function describe(status, ownAccount) {
  const server = ownAccount ? 'Your mail server' : `The mail server of ${status.username}`;
  const mailbox = ownAccount ? 'your normal mailbox' : 'their normal mailbox';
  if (status.state === 'UP') {
    return [
      el('h2', {}, `${server} is working`),
      el('p', {}, `New mail goes to ${mailbox}. This Emergency Inbox shows the mail kept during an outage.`,
        status.spooledCount > 0 ? ` ${messages(status.spooledCount)} still being delivered to it.` : ''),
    ];
  }
  const down = status.plannedMaintenance ? 'is down for planned maintenance' : 'is unreachable';
  return [
    el('h2', {}, status.plannedMaintenance ? 'Planned maintenance: mail is kept here' : 'Mail server outage: mail is kept here'),
    el('p', {}, `${server} ${down} since `, time(status.since, true), '. ',
      `New mail is kept here and will be delivered to ${mailbox} when it is back. `,
      'Senders are told their mail is delayed.',
      status.returnsToSenderOn ? [' Mail still undelivered on ', returnDate(status.returnsToSenderOn), ' goes back to its sender.'] : []),
    el('p', { class: 'kept' }, `${messages(status.spooledCount)} kept here.`),
  ];
}

function returnDate(iso) {
  const date = time(iso, true);
  date.classList.add('return-date');
  return date;
}

function messages(count) {
  return count === 1 ? '1 message is' : `${count.toLocaleString()} messages are`;
}
