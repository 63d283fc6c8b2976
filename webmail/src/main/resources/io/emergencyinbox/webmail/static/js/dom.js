// Building the page from data. Text always goes in as text nodes, never as markup.

/** el('button', {class: 'x', onclick: f}, 'Label', child) */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  element.append(...children.flat().filter(child => child !== null && child !== undefined && child !== false));
  return element;
}

export function show(element, visible) {
  element.hidden = !visible;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const longDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** A <time> element showing a UTC date in the reader's time zone. */
export function time(iso, long = false) {
  return el('time', { datetime: iso }, (long ? longDateFormat : dateFormat).format(new Date(iso)));
}

export function formatDate(iso) {
  return dateFormat.format(new Date(iso));
}

export function formatSize(bytes) {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "Name <email>", or "email" when there is no other name. */
export function formatAddress(address) {
  return address.name && address.name !== address.email ? `${address.name} <${address.email}>` : address.email;
}

export function formatAddresses(addresses) {
  return (addresses || []).map(formatAddress).join(', ');
}

/** The name of the first sender, or their address. */
export function senderName(addresses) {
  const first = (addresses || [])[0];
  return first ? first.name || first.email : '(no sender)';
}
