/**
 * Decoding a UiTPAS reply with the character set it declares (RFC 7303 §3: a byte order mark,
 * then the Content-Type charset, then the XML declaration's encoding; UTF-8 when none is given).
 * Assuming UTF-8 turned an ISO-8859-1 reply's "é" into U+FFFD: wrong names on screen and receipts.
 * Bytes that are not valid in the declared set, or a set nobody knows, are refused rather than
 * guessed at.
 */
import { TextDecoder } from 'node:util';

export class CharsetError extends Error {
  override readonly name = 'CharsetError';
}

/** Pure: the character set label `bytes` declare, or undefined for the UTF-8 default. */
export function declaredCharset(bytes: Uint8Array, contentType: string): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const param = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (param) return param.toLowerCase();
  // The declaration itself is ASCII in every encoding an XML reply can declare this way.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const decl = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head)?.[1];
  return decl?.toLowerCase();
}

export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const label = declaredCharset(bytes, contentType) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new CharsetError(`answer in an unknown character set ${JSON.stringify(label.slice(0, 40))}`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CharsetError(`answer is not valid ${decoder.encoding}`);
  }
}
