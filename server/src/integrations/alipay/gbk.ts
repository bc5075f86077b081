/**
 * GBK, the encoding of Alipay's bill files. Decoding is the WHATWG TextDecoder's (Node's ICU); the sandbox also
 * writes GBK, which TextEncoder cannot, so the encoder's table is the decoder's read backwards, built once on first
 * use (about 22,000 two-byte codes).
 */
export function decodeGbk(bytes: Uint8Array): string {
  return new TextDecoder('gbk').decode(bytes);
}

let table: Map<string, number> | undefined;

function encodingTable(): Map<string, number> {
  if (table) return table;
  const built = new Map<string, number>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && char !== '\ufffd' && !built.has(char)) built.set(char, (lead << 8) | trail);
    }
  }
  return (table = built);
}

/** Characters GBK lacks become "?". */
export function encodeGbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const gbk = encodingTable().get(char);
    if (gbk === undefined) bytes.push(0x3f);
    else bytes.push(gbk >> 8, gbk & 0xff);
  }
  return Buffer.from(bytes);
}
