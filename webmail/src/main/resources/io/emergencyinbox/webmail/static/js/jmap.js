// A small JMAP client (RFC 8620/8621): the session, method calls, uploads and downloads, all
// authenticated with HTTP Basic. The credentials live in this object only, in memory.

export const CORE = 'urn:ietf:params:jmap:core';
export const MAIL = 'urn:ietf:params:jmap:mail';
export const SUBMISSION = 'urn:ietf:params:jmap:submission';
export const CONTINUITY = 'urn:io.emergencyinbox:params:jmap:continuity';

/** A method call answered with a JMAP error, such as accountNotFound or forbidden. */
export class MethodError extends Error {
  constructor(type, description) {
    super(description || type);
    this.type = type;
  }
}

/** The server refused the credentials (HTTP 401). */
export class AuthenticationError extends Error {}

/** A reference to a previous call's result, for arguments such as '#ids'. */
export function resultOf(callIndex, name, path) {
  return { resultOf: String(callIndex), name, path };
}

export class JmapClient {
  /** Reads the session at {base}jmap/session; throws AuthenticationError on 401. */
  static async connect(baseUrl, username, password) {
    const authorization = 'Basic ' + base64(`${username}:${password}`);
    const client = new JmapClient(new URL(baseUrl), authorization);
    client.session = await client.fetchJson(new URL('jmap/session', client.base));
    return client;
  }

  constructor(base, authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  get username() {
    return this.session.username;
  }

  get ownAccountId() {
    return this.session.primaryAccounts[MAIL];
  }

  supports(capability) {
    return capability in this.session.capabilities;
  }

  /**
   * A URL from the session, on the origin the webmail was configured with: James builds session
   * URLs from its url.prefix setting, which may name another host (http://localhost by default).
   */
  sessionUrl(name, values = {}) {
    const path = this.session[name].replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
    const filled = path.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(values[key] ?? ''));
    return new URL(filled, this.base.origin);
  }

  /**
   * fetch() with the Authorization header, asking for RFC 8621: James answers requests without a
   * jmapVersion with its default version, which is its older draft protocol unless configured.
   */
  async fetch(url, { accept = '*/*', ...options } = {}) {
    const headers = { ...options.headers, Accept: `${accept}; jmapVersion=rfc-8621`, Authorization: this.authorization };
    const response = await fetch(url, { ...options, headers });
    if (response.status === 401) {
      throw new AuthenticationError('The server refused the credentials');
    }
    if (!response.ok) {
      throw new Error(`The server answered ${response.status} to ${url.pathname}`);
    }
    return response;
  }

  async fetchJson(url, options = {}) {
    const response = await this.fetch(url, { ...options, accept: 'application/json' });
    return response.json();
  }

  /**
   * Runs [name, arguments] calls in one request and returns each call's response arguments.
   * Throws MethodError on the first call answered with an error.
   */
  async request(calls) {
    const using = [CORE, MAIL, SUBMISSION, CONTINUITY].filter(capability => this.supports(capability));
    const body = { using, methodCalls: calls.map(([name, args], index) => [name, args, String(index)]) };
    const response = await this.fetchJson(this.sessionUrl('apiUrl'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.methodResponses.map(([name, args]) => {
      if (name === 'error') {
        throw new MethodError(args.type, args.description);
      }
      return args;
    });
  }

  /** Uploads a file (RFC 8620 §6.1) and returns {blobId, type, size}. */
  async upload(accountId, file) {
    return this.fetchJson(this.sessionUrl('uploadUrl', { accountId }), {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
  }

  /** Downloads a blob (RFC 8620 §6.2). */
  async download(accountId, blobId, name, type) {
    const response = await this.fetch(this.sessionUrl('downloadUrl', { accountId, blobId, name, type }));
    return response.blob();
  }
}

function base64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** James 3.8.1 ignores Basic credentials whose base64 form contains '+' or '/' (HTTP 401). */
export function credentialsJamesCannotRead(username, password) {
  return /[+/]/.test(base64(`${username}:${password}`));
}
