// Where the webmail finds the JMAP server (docs/webmail.md).
// Empty: the server that serves these files, as when the gateway serves them under /webmail/.
// When you host these files elsewhere, set the JMAP server's base URL, for example
// 'https://mail.example.com/' (the session is then read at https://mail.example.com/jmap/session),
// and allow the webmail's origin in that server's CORS and in your page's Content-Security-Policy.
export const jmapUrl = '';
