/**
 * Reads back the messages src/mail/eml.ts writes (for /dev/outbox): the headers, and the
 * text and HTML parts decoded. Not a general MIME parser: it knows the one layout Tend writes.
 */
export interface ReadEml {
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly html: string;
}

export function readEml(raw: string): ReadEml {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [];
  let text = '';
  let html = '';
  for (const part of parts) {
    const at = part.indexOf('\r\n\r\n');
    const partHead = part.slice(0, at);
    const body = decodeBase64(part.slice(at + 4).replace(/\s+/g, ''));
    if (/text\/plain/i.test(partHead)) text = body;
    if (/text\/html/i.test(partHead)) html = body;
  }
  return { headers, text, html };
}

function decodeBase64(b64: string): string {
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([^?]*)\?=\s?/gi, (_, b64: string) => decodeBase64(b64));
}
