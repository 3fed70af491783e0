import type { IncidentType } from '@gan119/dispatch';
import { xmlText } from './xml';

/** OASIS CAP 1.2: the enumerations a public alert is drafted with. */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];
export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

/** The area an alert covers: a circle, a polygon drawn on the map, or whole counties (GB/T 2260 codes). */
export type CapArea =
  | { kind: 'circle'; center: [number, number]; radiusM: number }
  | { kind: 'polygon'; ring: Array<[number, number]> }
  | { kind: 'counties'; counties: Array<{ adcode: number; name: string }> };

export type CapContent = {
  severity: CapSeverity;
  urgency: CapUrgency;
  certainty: CapCertainty;
  /** the event, the headline, the description and what people should do — Chinese text */
  event: string;
  headline: string;
  description: string;
  instruction: string;
  areaDesc: string;
  area: CapArea;
  /** how long the alert stands (the feed drops it after) */
  expiresMin: number;
};

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_SENDER = 'cap@fire.jx119.cn';
export const CAP_SENDER_NAME = '江西省消防救援总队';

/** CAP's dateTime: local time with its offset and no fractions (China Standard Time, +08:00). */
export function capTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return d.toISOString().slice(0, 19) + '+08:00';
}

const CATEGORY: Record<IncidentType, string> = {
  building_fire: 'Fire',
  high_rise_fire: 'Fire',
  other_fire: 'Fire',
  hazmat: 'CBRNE',
  traffic: 'Transport',
  earthquake: 'Geo',
  flood: 'Met',
  mountain_rescue: 'Rescue',
  social_assistance: 'Safety',
};

/** The area's CAP polygon text: "lat,lon" pairs, closed (the first point repeated last). */
function polygonText(ring: Array<[number, number]>): string {
  const pts = ring.slice();
  const [f, l] = [pts[0], pts[pts.length - 1]];
  if (f[0] !== l[0] || f[1] !== l[1]) pts.push(f);
  return pts.map(([lon, lat]) => `${lat.toFixed(6)},${lon.toFixed(6)}`).join(' ');
}

function areaXml(c: CapContent): string {
  const a = c.area;
  const shape =
    a.kind === 'circle'
      ? `<circle>${a.center[1].toFixed(6)},${a.center[0].toFixed(6)} ${(a.radiusM / 1000).toFixed(3)}</circle>`
      : a.kind === 'polygon'
        ? `<polygon>${polygonText(a.ring)}</polygon>`
        : a.counties.map((k) => `<geocode><valueName>GB/T 2260</valueName><value>${k.adcode}</value></geocode>`).join('');
  return `<area><areaDesc>${xmlText(c.areaDesc)}</areaDesc>${shape}</area>`;
}

export type CapMessage = {
  identifier: string;
  sentMs: number;
  msgType: CapMsgType;
  /** earlier messages this one updates or cancels: "sender,identifier,sent" each */
  references: string[];
  incidentRef: string;
  incidentType: IncidentType;
  content: CapContent;
};

/** One CAP 1.2 alert message (element order as the schema's sequence requires). */
export function capXml(m: CapMessage): string {
  const c = m.content;
  const refs = m.references.length ? `<references>${xmlText(m.references.join(' '))}</references>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<alert xmlns="${CAP_NAMESPACE}">` +
    `<identifier>${xmlText(m.identifier)}</identifier><sender>${CAP_SENDER}</sender><sent>${capTime(m.sentMs)}</sent>` +
    `<status>Actual</status><msgType>${m.msgType}</msgType><scope>Public</scope>${refs}<incidents>${xmlText(m.incidentRef)}</incidents>` +
    '<info><language>zh-CN</language>' +
    `<category>${CATEGORY[m.incidentType]}</category><event>${xmlText(c.event)}</event>` +
    `<responseType>${m.msgType === 'Cancel' ? 'AllClear' : 'Shelter'}</responseType>` +
    `<urgency>${m.msgType === 'Cancel' ? 'Past' : c.urgency}</urgency><severity>${c.severity}</severity><certainty>${c.certainty}</certainty>` +
    `<expires>${capTime(m.sentMs + c.expiresMin * 60_000)}</expires><senderName>${CAP_SENDER_NAME}</senderName>` +
    `<headline>${xmlText(c.headline)}</headline><description>${xmlText(c.description)}</description><instruction>${xmlText(c.instruction)}</instruction>` +
    `<contact>119</contact>${areaXml(c)}</info></alert>\n`
  );
}

/** A CAP message's reference to itself, as a later Update or Cancel names it. */
export function capReference(identifier: string, sentMs: number): string {
  return `${CAP_SENDER},${identifier},${capTime(sentMs)}`;
}

export type FeedEntry = { identifier: string; title: string; summary: string; sentMs: number; msgType: CapMsgType; href: string; sha256: string };

/** The Atom index of the alerts in force (and the cancellations), newest first, each with its CAP document's SHA-256. */
export function capAtomFeed(selfHref: string, updatedMs: number, entries: FeedEntry[]): string {
  const items = entries
    .map(
      (e) =>
        `<entry><id>urn:jx119:cap:${xmlText(e.identifier)}</id><title>${xmlText(e.title)}</title><updated>${capTime(e.sentMs)}</updated>` +
        `<category term="${e.msgType}"/><summary>${xmlText(e.summary)}</summary>` +
        `<link rel="alternate" type="application/cap+xml" href="${xmlText(e.href)}"/><content type="text">sha256=${e.sha256}</content></entry>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">' +
    `<id>urn:jx119:cap:feed</id><title>江西消防救援 公众预警</title><updated>${capTime(updatedMs)}</updated>` +
    `<author><name>${CAP_SENDER_NAME}</name></author><link rel="self" href="${xmlText(selfHref)}"/>${items}</feed>\n`
  );
}
