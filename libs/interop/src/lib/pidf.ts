import { firstElementText, xmlText } from './xml';

/** A location as PIDF-LO carries it in an EIDO: a WGS84 point and, where known, the civic address. */
export type PidfLocation = {
  lon: number;
  lat: number;
  /** 省 / 市 / 县(区) and the rest of the address as one line (LOC) */
  civic?: { country?: string; a1?: string; a2?: string; a3?: string; loc?: string };
};

/**
 * A PIDF-LO document (RFC 4119 with the GeoShape point of RFC 5491 and the civic address of RFC 5139)
 * for an EIDO's locationByValue. The point is WGS84 (EPSG:4326, "lat lon" as GML writes it).
 */
export function pidfLo(entity: string, p: PidfLocation): string {
  const c = p.civic;
  const civic = c
    ? '<ca:civicAddress xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr">' +
      (c.country ? `<ca:country>${xmlText(c.country)}</ca:country>` : '') +
      (c.a1 ? `<ca:A1>${xmlText(c.a1)}</ca:A1>` : '') +
      (c.a2 ? `<ca:A2>${xmlText(c.a2)}</ca:A2>` : '') +
      (c.a3 ? `<ca:A3>${xmlText(c.a3)}</ca:A3>` : '') +
      (c.loc ? `<ca:LOC>${xmlText(c.loc)}</ca:LOC>` : '') +
      '</ca:civicAddress>'
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" entity="${xmlText(entity)}">` +
    '<dm:device id="incident"><gp:geopriv><gp:location-info>' +
    `<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>${p.lat.toFixed(7)} ${p.lon.toFixed(7)}</gml:pos></gml:Point>` +
    civic +
    '</gp:location-info><gp:usage-rules/><gp:method>Manual</gp:method></gp:geopriv></dm:device></presence>'
  );
}

/** The point (and civic address) of a PIDF-LO document, or a reason it has none we can use. */
export function parsePidfLo(xml: string): PidfLocation | { problem: string } {
  const pos = firstElementText(xml, 'pos');
  if (pos === null) return { problem: 'no gml:pos point in the PIDF-LO (a civic address alone cannot be routed to)' };
  const parts = pos.split(/\s+/).map(Number);
  if (parts.length < 2 || !parts.every(Number.isFinite)) return { problem: `gml:pos "${pos.slice(0, 60)}" is not "lat lon"` };
  const [lat, lon] = parts;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { problem: `gml:pos "${pos.slice(0, 60)}" is not a WGS84 "lat lon"` };
  const civic = {
    country: firstElementText(xml, 'country') ?? undefined,
    a1: firstElementText(xml, 'A1') ?? undefined,
    a2: firstElementText(xml, 'A2') ?? undefined,
    a3: firstElementText(xml, 'A3') ?? undefined,
    loc: firstElementText(xml, 'LOC') ?? undefined,
  };
  const hasCivic = Object.values(civic).some((v) => v !== undefined);
  return hasCivic ? { lon, lat, civic } : { lon, lat };
}
