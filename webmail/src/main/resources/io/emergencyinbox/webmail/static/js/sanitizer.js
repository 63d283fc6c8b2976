// Mail HTML made safe to show (docs/webmail.md, "Security"). Three layers:
// 1. DOMPurify keeps HTML elements and attributes only, without scripts, event handlers, forms,
//    frames or non-mail URLs (javascript:, data: links…);
// 2. remote images (img src/srcset, background, CSS url()) are removed until the user asks for them;
// 3. the result is a document with its own Content-Security-Policy, shown in a frame sandboxed
//    without scripts (reader.js): even what 1 and 2 missed cannot run or load from the network.
import DOMPurify from '../vendor/purify.es.mjs';

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['script', 'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'dialog'],
  // DOMPurify's own pattern with fewer schemes: links open web pages or write mail, images may be
  // the message's own parts (cid:). Any other scheme (javascript:, data: links, tel:…) goes.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|cid):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  WHOLE_DOCUMENT: true,
  RETURN_DOM: true,
};
const URL_ATTRIBUTES = ['src', 'srcset', 'background', 'poster'];
const REMOTE = /(?:^|[\s,])(?:https?:)?\/\//i;
const CSS_REMOTE_URL = /url\(\s*['"]?\s*(?:https?:)?\/\/[^)]*\)/gi;

function withoutRemoteUrls(css) {
  return css.replace(CSS_REMOTE_URL, 'none');
}

/**
 * Returns {html, blockedRemoteImages}: a whole document for an iframe's srcdoc, and how many
 * remote images it left out. inlineImages maps Content-IDs to data: URLs of the message's parts.
 */
export function sanitize(html, { showRemoteImages, inlineImages }) {
  const purify = DOMPurify(window);
  let blockedRemoteImages = 0;

  purify.addHook('afterSanitizeElements', node => {
    if (node.nodeName === 'STYLE' && !showRemoteImages && withoutRemoteUrls(node.textContent) !== node.textContent) {
      node.textContent = withoutRemoteUrls(node.textContent);
      blockedRemoteImages++;
    }
  });
  purify.addHook('afterSanitizeAttributes', node => {
    if (node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    for (const name of URL_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value && /^cid:/i.test(value) && inlineImages[value.slice(4)]) {
        node.setAttribute(name, inlineImages[value.slice(4)]);
      } else if (value && REMOTE.test(value) && !showRemoteImages) {
        node.removeAttribute(name);
        blockedRemoteImages++;
      }
    }
    const style = node.getAttribute('style');
    if (style && !showRemoteImages && withoutRemoteUrls(style) !== style) {
      node.setAttribute('style', withoutRemoteUrls(style));
      blockedRemoteImages++;
    }
  });

  const root = purify.sanitize(html, PURIFY_CONFIG);
  const head = root.querySelector('head');
  const policy = root.ownerDocument.createElement('meta');
  policy.setAttribute('http-equiv', 'Content-Security-Policy');
  policy.setAttribute('content', frameContentSecurityPolicy(showRemoteImages));
  const style = root.ownerDocument.createElement('style');
  style.textContent = 'body{font:15px/1.5 system-ui,sans-serif;color:#1d2733;margin:16px;overflow-wrap:anywhere}img{max-width:100%;height:auto}';
  head.prepend(policy, style);
  return { html: '<!doctype html>' + root.outerHTML, blockedRemoteImages };
}

function frameContentSecurityPolicy(showRemoteImages) {
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:${showRemoteImages ? ' http: https:' : ''}`;
}
