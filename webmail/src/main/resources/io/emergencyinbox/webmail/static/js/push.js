// Live updates: JMAP push over EventSource (RFC 8620 §7.3). The browser's EventSource cannot send an
// Authorization header, so the stream is read with fetch(); a lost stream is opened again.
import { AuthenticationError } from './jmap.js';

const RETRY_DELAYS_MS = [1000, 5000, 15000, 60000];

/**
 * Calls onChange(changed) for every StateChange ({accountId: {Email: state, ...}}), for as long as
 * the page lives. Stops and calls onAuthenticationError if the credentials stop working.
 */
export async function listen(client, onChange, onAuthenticationError) {
  const url = client.sessionUrl('eventSourceUrl', { types: '*', closeafter: 'no', ping: '30' });
  let failures = 0;
  for (;;) {
    try {
      const response = await client.fetch(url, { accept: 'text/event-stream' });
      failures = 0;
      for await (const event of serverSentEvents(response.body)) {
        if (event.type === 'state') {
          onChange(JSON.parse(event.data).changed);
        }
      }
    } catch (error) {
      if (error instanceof AuthenticationError) {
        onAuthenticationError();
        return;
      }
    }
    await sleep(RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)]);
  }
}

/** Parses a text/event-stream body into {type, data} events. */
async function* serverSentEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replaceAll('\r\n', '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { type: 'message', data: [] };
      for (const line of block.split('\n')) {
        const [, field, content] = line.match(/^([^:]*):? ?(.*)$/);
        if (field === 'event') {
          event.type = content;
        } else if (field === 'data') {
          event.data.push(content);
        }
      }
      yield { type: event.type, data: event.data.join('\n') };
    }
  }
}

function sleep(milliseconds) {
  return new Promise(resolve => setTimeout(resolve, milliseconds));
}
