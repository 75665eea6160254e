/**
 * balie/listEmployees: uid and nick are read by local name, whatever the (generated) prefixes; a
 * reply that is not this document is refused, never half-read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterEmployees } from '../../../main/uitpas/mappers.js';
import { parseXml, XmlError } from '../../../main/uitpas/xml.js';
import { ValueError } from '../../../main/uitpas/values.js';

const fixture = readFileSync('tests/fixtures/list-employees.xml', 'utf8');
const parse = (xml: string) => counterEmployees(parseXml(xml).node);

describe('counterEmployees', () => {
  it('reads the ns2/ns3 reply: admins first, each uid once', () => {
    expect(parse(fixture)).toEqual([
      { uid: '1b567cc7-26f8-44e9-ab5b-990e92e34bfa', nick: 'anwouters', role: 'admin' },
      { uid: 'c0ffee00-0000-4000-8000-000000000002', nick: 'jpeeters', role: 'member' },
    ]);
  });

  it('reads the same document with rdf:/foaf: prefixes and the rdf URI ending in #', () => {
    const renamed = fixture
      .replaceAll('ns2:', 'rdf:')
      .replaceAll('ns3:', 'foaf:')
      .replace('xmlns:ns2=', 'xmlns:rdf=')
      .replace('xmlns:ns3=', 'xmlns:foaf=')
      .replace('xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns"', 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"');
    expect(renamed).toContain('<rdf:id>');
    expect(parse(renamed)).toEqual(parse(fixture));
  });

  it('reads namespaces declared on the element itself', () => {
    const xml =
      `<response><members><member><a:id xmlns:a="http://www.w3.org/1999/02/22-rdf-syntax-ns#">u1</a:id>` +
      `<b:nick xmlns:b="http://xmlns.com/foaf/0.1/">nick1</b:nick></member></members></response>`;
    expect(parse(xml)).toEqual([{ uid: 'u1', nick: 'nick1', role: 'member' }]);
  });

  it('refuses an entry without an id', () => {
    expect(() => parse('<response><members><member><nick>n</nick></member></members></response>')).toThrow(ValueError);
  });

  it('an empty counter has no employees', () => {
    expect(parse('<response><admins/><members/></response>')).toEqual([]);
  });

  it('refuses malformed XML and an HTML error page', () => {
    expect(() => parse(fixture.slice(0, -20))).toThrow(XmlError);
    expect(() => parse('<!DOCTYPE html><html><body>502 Bad Gateway</body></html>')).toThrow(XmlError);
  });
});
