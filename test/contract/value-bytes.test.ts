// Values with their exact bytes across the contract (shared/value-bytes.ts): text when UTF-8,
// base64 otherwise, previews cut at a character boundary, and bytes → value → bytes is the identity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textValue, valueFromBytes, valueHex, valueToBytes } from '../../shared/value-bytes';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('value bytes', () => {
  it('carries UTF-8 as text and anything else as base64, with its size', () => {
    expect(valueFromBytes(new TextEncoder().encode('héllo'))).toEqual({ text: 'héllo', size: 6 });
    expect(valueFromBytes(bytes(0xff, 0xfe, 0x7b, 0x00, 0xc3))).toEqual({ base64: '//57AMM=', size: 5 });
    expect(valueFromBytes(bytes())).toEqual({ text: '', size: 0 });
    // A leading BOM is part of the value.
    expect(valueFromBytes(bytes(0xef, 0xbb, 0xbf, 0x41)).text).toBe('\uFEFFA');
  });

  it('round-trips any bytes exactly, through JSON too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (raw) => {
        const carried = JSON.parse(JSON.stringify(valueFromBytes(raw)));
        expect(Array.from(valueToBytes(carried))).toEqual(Array.from(raw));
        expect(carried.size).toBe(raw.length);
      }),
    );
  });

  it('cuts a preview at a character boundary and says it is cut', () => {
    const text = 'a€€'; // 1 + 3 + 3 bytes
    const preview = valueFromBytes(new TextEncoder().encode(text), 5);
    expect(preview).toEqual({ text: 'a€', size: 7, truncated: true });
    const binary = valueFromBytes(bytes(1, 2, 0xff, 4, 5, 6), 4);
    expect(binary).toEqual({ base64: 'AQL/BA==', size: 6, truncated: true });
  });

  it('previews are prefixes of the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 0, max: 40 }), (s, limit) => {
        const raw = new TextEncoder().encode(s);
        const carried = valueFromBytes(raw, limit);
        const got = valueToBytes(carried);
        expect(Array.from(raw.subarray(0, got.length))).toEqual(Array.from(got));
        expect(got.length).toBeLessThanOrEqual(Math.max(limit, raw.length <= limit ? raw.length : 0));
        if (raw.length > limit) expect(carried.truncated).toBe(true);
      }),
    );
  });

  it('shows hex and makes text values', () => {
    expect(valueHex({ base64: '//57AMM=', size: 5 })).toBe('ff fe 7b 00 c3');
    expect(textValue('ü')).toEqual({ text: 'ü', size: 2 });
  });
});
