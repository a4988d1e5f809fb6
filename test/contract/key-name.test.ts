// Key names as strings for keys that are not valid UTF-8 (shared/key-name.ts): bytes → name → bytes
// is the identity for any bytes, valid UTF-8 decodes exactly as usual, and names that could stand
// for two keys (stray surrogates, escapes spelling UTF-8) are refused by the schema.
import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayKeyName, isTextKeyName, keyNameFromBytes, keyNameProblem, keyNameToBytes } from '../../shared/key-name';
import { keyName } from '../../shared/schemas';
import { eventStream } from '../../electron/engine';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('key names from bytes', () => {
  it('any bytes round-trip, and the name is canonical', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const name = keyNameFromBytes(b);
        expect(Buffer.from(keyNameToBytes(name))).toEqual(Buffer.from(b));
        expect(keyNameProblem(name)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('valid UTF-8 decodes to the same string as Buffer#toString, BOM included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const name = keyNameFromBytes(Buffer.from(s, 'utf8'));
        expect(name).toBe(s);
        expect(isTextKeyName(name)).toBe(true);
      }),
    );
    expect(keyNameFromBytes(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('\uFEFFa');
  });

  it('each undecodable byte becomes one escape, including overlongs, surrogates and truncations', () => {
    expect(keyNameFromBytes(Buffer.from([0x62, 0x69, 0x6e, 0x2d, 0xff, 0xfe]))).toBe('bin-\udcff\udcfe');
    expect(keyNameFromBytes(bytes(0xc0, 0xaf))).toBe('\udcc0\udcaf'); // overlong '/'
    expect(keyNameFromBytes(bytes(0xed, 0xa0, 0x80))).toBe('\udced\udca0\udc80'); // encoded U+D800
    expect(keyNameFromBytes(bytes(0xe2, 0x82))).toBe('\udce2\udc82'); // truncated '€'
    expect(keyNameFromBytes(bytes(0xe2, 0x82, 0xac, 0xf4, 0x90, 0x80, 0x80))).toBe('€\udcf4\udc90\udc80\udc80'); // > U+10FFFF
  });

  it('escaped names survive both transports: JSON (WebSocket) and V8 structured clone (Electron IPC)', () => {
    const name = 'bin-\udcff\udcfe';
    expect(JSON.stringify(name)).toBe('"bin-\\udcff\\udcfe"');
    expect(JSON.parse(JSON.stringify({ name })).name).toBe(name);
    expect(v8.deserialize(v8.serialize({ name })).name).toBe(name);
  });

  it('displayKeyName shows escaped bytes as \\xNN and leaves text alone', () => {
    expect(displayKeyName('bin-\udcff\udcfe')).toBe('bin-\\xFF\\xFE');
    expect(displayKeyName('ünï 🚀 \\x41')).toBe('ünï 🚀 \\x41');
  });
});

describe('the keyName schema', () => {
  it('accepts escaped bytes and refuses names that stand for no key or for a key with another name', () => {
    expect(keyName.safeParse('bin-\udcff\udcfe').success).toBe(true);
    const stray = keyName.safeParse('x\ud800');
    expect(stray.success).toBe(false);
    expect(stray.error?.issues[0].message).toMatch(/lone surrogate U\+D800/);
    const spelled = keyName.safeParse('\udcc3\udca9'); // the bytes of 'é'
    expect(spelled.success).toBe(false);
    expect(spelled.error?.issues[0].message).toMatch(/spell valid UTF-8/);
  });
});

describe('the engine', () => {
  it('refuses stream names with escaped bytes: it builds its keys as text', () => {
    expect(() => eventStream('bin-\udcff')).toThrow(/lone surrogate.*not UTF-8 are not supported by the engine/);
    expect(eventStream('ünï 🚀').name).toBe('ünï 🚀');
  });
});
