/**
 * Safe XML parsing for UiTPAS replies: every value stays a string (card numbers keep their leading
 * zeros), namespace prefixes are dropped (they vary between replies: `ns2:id` in one, `rdf:id` in
 * another), and a malformed document is refused instead of half-parsed.
 *
 * Built on fast-xml-parser, the parser the design card names. Its parser is lenient, so a
 * document is validated (XMLValidator) before it is parsed. A DOCTYPE is refused before either
 * pass: UiTPAS never sends one, and without DTDs there are no declared entities to expand (no
 * billion laughs, no external entities). What XML itself defines is still decoded: the five
 * predefined entities and character references (`&#233;`); an HTML entity such as `&nbsp;` stays
 * as written. The cost of the two passes is a row of `npm run bench` (a few ms on a 9 KB event
 * search, beside a network round trip of tens of ms).
 */
import { EntityDecoder } from '@nodable/entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Element and attribute names map to values in an object without a prototype: an element named
 * `toString` or `hasOwnProperty` is data like any other, and looking up an absent name never
 * finds an Object.prototype method instead of `undefined`.
 */
export type XmlNode = { [name: string]: XmlValue };

function newNode(): XmlNode {
  return Object.create(null) as XmlNode; // mutation-check: xml-null-prototype
}
export type XmlValue = string | XmlNode | XmlValue[];

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

/** Names that would reach Object.prototype if used as keys of a plain object. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Strings only: no number or boolean guessing.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // XML's five predefined entities and character references; no HTML names (fast-xml-parser's
  // own decoder, from the same author, configured rather than written here).
  entityDecoder: new EntityDecoder({ numericAllowed: true }),
  // The parser renames elements such as <toString> to `__toString`, which a real <__toString>
  // could collide with; a NUL (never part of an XML name) marks them instead, removed in toValue.
  onDangerousProperty: (name) => `${MARK}${name}`,
});
const MARK = '\u0000';

const DOCTYPE = /<!DOCTYPE/i;
/** CDATA sections and comments may hold any `&`; outside them only XML's own references may. */
const RAW_SECTIONS = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
const UNDECLARED_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)[^;\s]{0,20};?/;

/** Parses a whole document and returns its single root element name and content. */
export function parseXml(text: string): { root: string; node: XmlNode } {
  if (text.trim() === '') throw new XmlError('empty body');
  if (DOCTYPE.test(text)) throw new XmlError('XML refused: a DOCTYPE is not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const reference = UNDECLARED_REFERENCE.exec(text.replace(RAW_SECTIONS, ''));
  if (reference) throw new XmlError(`malformed XML: undeclared entity or bare & at ${JSON.stringify(reference[0])}`);
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (e) {
    const name = /Invalid name: "([^"]+)"/.exec((e as Error).message)?.[1];
    if (name) throw new XmlError(`XML refused: element or attribute named ${name}`);
    throw new XmlError(`malformed XML: ${(e as Error).message}`);
  }
  const roots = Object.keys(parsed as object);
  if (roots.length !== 1)
    throw new XmlError(roots.length === 0 ? 'malformed XML: no root element' : 'malformed XML: more than one root element');
  const root = roots[0]!;
  const value = toValue((parsed as Record<string, unknown>)[root], root);
  if (Array.isArray(value)) throw new XmlError('malformed XML: more than one root element');
  return { root: checkedName(root), node: typeof value === 'string' ? newNode() : value };
}

function checkedName(marked: string): string {
  const name = marked.replace(MARK, '');
  const local = name.startsWith('@_') ? name.slice(2) : name;
  if (FORBIDDEN_NAMES.has(local)) throw new XmlError(`XML refused: element or attribute named ${local}`);
  return name;
}

/** The parser's plain objects, copied into prototype-free nodes. */
function toValue(v: unknown, name: string): XmlValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => toValue(x, name));
  if (v !== null && typeof v === 'object') {
    const node = newNode();
    for (const [k, x] of Object.entries(v)) {
      // Namespace declarations are noise once prefixes are gone.
      if (k === '@_xmlns' || k.startsWith('@_xmlns:')) continue;
      node[checkedName(k)] = toValue(x, k);
    }
    return node;
  }
  throw new XmlError(`malformed XML: unexpected value in <${name}>`);
}

/** Child elements named `name`, always as a list (the parser collapses a single one). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list
    .map((x) => (typeof x === 'string' ? Object.assign(newNode(), { '#text': x }) : (x as XmlNode)))
    .filter((x) => !Array.isArray(x));
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
