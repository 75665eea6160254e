/**
 * Safe XML parsing for UiTPAS replies (stack-notes.md): every value stays a string (card numbers
 * keep their leading zeros), namespace prefixes are dropped (they vary between replies), entity
 * expansion is bounded, and malformed documents are refused instead of half-parsed.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
  processEntities: {
    enabled: true,
    maxEntitySize: 1_000,
    maxEntityCount: 50,
    maxTotalExpansions: 1_000,
    maxExpandedLength: 100_000,
  },
});

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

/** Parses a whole document and returns its single root element name and content. */
export function parseXml(text: string): { root: string; node: XmlNode } {
  const trimmed = text.trim();
  if (trimmed === '') throw new XmlError('empty body');
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) throw new XmlError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let doc: unknown;
  try {
    doc = parser.parse(trimmed);
  } catch (e) {
    throw new XmlError(`XML refused: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new XmlError('no root element');
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1) throw new XmlError(`expected one root element, found ${roots.length}`);
  const root = roots[0] as string;
  const value = (doc as Record<string, unknown>)[root];
  return { root, node: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : {} };
}

/** Child elements named `name`, always as a list (the parser collapses a single one). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (typeof x === 'string' ? { '#text': x } : (x as XmlNode))).filter((x) => !Array.isArray(x));
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text of a child element; undefined when absent; '' for an empty element. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const t = first['#text'];
    return typeof t === 'string' ? t : '';
  }
  return '';
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}
