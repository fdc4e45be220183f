// G6: the keys that encrypt workflow payloads (temporal/codec.ts), from PAYLOAD_KEYS or a key file.
// Entries are `id=base64key` (32 random bytes: `openssl rand -base64 32`); the first encrypts, all
// decrypt. Rotation: put a new key first and keep the old ones while histories need them.
import { randomBytes } from 'node:crypto';

export interface PayloadKey {
  /** Travels with every payload it encrypts: short, unique, never reused for another key. */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** `id=base64key` entries, one per line or separated by commas; blank lines and `#` comments are skipped. */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const entries = text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const keys = entries.map((entry) => {
    const m = /^([A-Za-z0-9._-]{1,64})=([A-Za-z0-9+/]+={0,2})$/.exec(entry);
    if (!m) throw new Error(`an entry is not id=base64key (${entry.length} characters)`);
    const key = Buffer.from(m[2]!, 'base64');
    if (key.length !== 32) throw new Error(`key ${m[1]} is ${key.length} bytes; AES-256 needs 32 (openssl rand -base64 32)`);
    return { id: m[1]!, key };
  });
  if (keys.length === 0) throw new Error('no key given');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('a key id is given twice');
  return keys;
}

/** A new key file entry `id=base64key`. */
export function newPayloadKeyEntry(id: string): string {
  return `${id}=${randomBytes(32).toString('base64')}`;
}
