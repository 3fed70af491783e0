/** Whether XML 1.0 can hold the character (tab, line ends and the rest of Unicode but controls, lone surrogates, FFFE/FFFF). */
const xmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;

/** Text for an XML element or attribute: the five markup characters escaped, characters XML 1.0 cannot hold dropped. */
export function xmlText(s: string): string {
  return Array.from(s)
    .filter((ch) => xmlChar(ch.codePointAt(0) as number))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An element's text back from XML (the five entities and numeric references). */
export function xmlUnescape(s: string): string {
  return s
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of the first element with this local name (any namespace prefix), or null. */
export function firstElementText(xml: string, localName: string): string | null {
  const m = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z_][\\w.-]*:)?${localName}>`).exec(xml);
  return m ? xmlUnescape(m[1]).trim() : null;
}
