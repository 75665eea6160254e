/** XML nodes are prototype-free maps (issue 12, finding 7): element names never meet Object.prototype. */
import { describe, expect, it } from 'vitest';
import { errorEnvelope } from '../../../main/uitpas/mappers.js';
import { attr, child, children, parseXml, text } from '../../../main/uitpas/xml.js';

const MEMBERS = [
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
];

describe('XML nodes', () => {
  it.each(MEMBERS)('an absent <%s> is absent, not an Object.prototype method', (name) => {
    const { node } = parseXml('<response><code>A</code></response>');
    expect(text(node, name)).toBeUndefined();
    expect(child(node, name)).toBeUndefined();
    expect(children(node, name)).toEqual([]);
    expect(attr(node, name)).toBeUndefined();
  });

  it.each(MEMBERS)('a present <%s> is plain data', (name) => {
    const { node } = parseXml(`<response><${name} ${name}="a">x</${name}><code>A</code></response>`);
    expect(text(node, name)).toBe('x');
    expect(attr(child(node, name), name)).toBe('a');
    expect(text(node, 'code')).toBe('A');
  });

  it('every node, nested and list items included, has no prototype', () => {
    const { node } = parseXml('<r><a><b>1</b></a><c>1</c><c><d>2</d></c><e x="1"/></r>');
    expect(Object.getPrototypeOf(node)).toBeNull();
    expect(Object.getPrototypeOf(child(node, 'a'))).toBeNull();
    for (const c of children(node, 'c')) expect(Object.getPrototypeOf(c)).toBeNull();
    expect(Object.getPrototypeOf(child(node, 'e'))).toBeNull();
    expect(Object.getPrototypeOf(parseXml('<empty/>').node)).toBeNull();
  });

  it('an error envelope with look-alike members reads the real code and message', () => {
    const { root, node } = parseXml(
      '<response><valueOf>1</valueOf><toString>2</toString><code>MAXIMUM_REACHED</code><message>max</message></response>',
    );
    expect(errorEnvelope(root, node)).toMatchObject({ code: 'MAXIMUM_REACHED', message: 'max' });
    expect(Object.prototype.toString.call({})).toBe('[object Object]');
  });

  it('an element the parser would rename (<toString>) never collides with a real <__toString>', () => {
    const { node } = parseXml('<r><toString>a</toString><__toString>b</__toString></r>');
    expect(text(node, 'toString')).toBe('a');
    expect(text(node, '__toString')).toBe('b');
    expect(Object.keys(node).sort()).toEqual(['__toString', 'toString']);
  });

  it("decodes what XML defines, refuses what it does not, and leaves CDATA's text alone", () => {
    const { node } = parseXml(
      '<r><t a="&#65;&amp;">Th&#233;&#xE2;tre &amp; co &lt;3&gt; &quot;&apos;</t><d><![CDATA[a &nbsp; & b]]></d><!-- & --></r>',
    );
    expect(text(node, 't')).toBe('Théâtre & co <3> "\'');
    expect(attr(child(node, 't'), 'a')).toBe('A&');
    expect(text(node, 'd')).toBe('a &nbsp; & b');
    expect(() => parseXml('<r><t>caf&eacute;</t></r>')).toThrow(/malformed XML: undeclared entity/);
    expect(() => parseXml('<r><t>rock & roll</t></r>')).toThrow(/malformed XML/);
    expect(() => parseXml('<r><t>1</t></r><!DOCTYPE x>')).toThrow(/DOCTYPE/);
  });
});
