// G6: payloads stored in Temporal are encrypted (AES-256-GCM) under the active key, whose id travels
// with them; older keys keep decrypting; unencrypted payloads pass through.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { ConfigError, loadConfig } from '../../config';
import { type PayloadKey, newPayloadKeyEntry, parsePayloadKeys } from '../../config/payloadKeys';
import { ENCRYPTED_ENCODING, EncryptionCodec, dataConverterFor } from '../../temporal/codec';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const json = (value: unknown): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });
const meta = (p: Payload, k: string) => Buffer.from(p.metadata![k]!).toString();

test('G6: a payload is encrypted under the active key and decrypts to what it was', async () => {
  const codec = new EncryptionCodec([key('k2'), key('k1')]);
  const plain = json({ customer: { name: 'Li Na', phone: '+86 21 5555 0101' } });
  const [sealed] = await codec.encode([plain]);
  expect(meta(sealed!, 'encoding')).toBe(ENCRYPTED_ENCODING);
  expect(meta(sealed!, 'encryption-key-id')).toBe('k2');
  expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('Li Na');
  const [opened] = await codec.decode([sealed!]);
  expect(Buffer.from(opened!.data!).toString()).toBe(Buffer.from(plain.data!).toString());
  expect(meta(opened!, 'encoding')).toBe('json/plain');
});

test('G6: rotation: payloads sealed under an older key still open once a new key is put first', async () => {
  const k1 = key('k1');
  const [old] = await new EncryptionCodec([k1]).encode([json('recorded last year')]);
  const rotated = new EncryptionCodec([key('k2'), k1]);
  expect(Buffer.from((await rotated.decode([old!]))[0]!.data!).toString()).toBe('"recorded last year"');
  await expect(new EncryptionCodec([key('k2')]).decode([old!])).rejects.toThrow(/no payload key "k1"/);
});

test('G6: a tampered payload is refused, an unencrypted one passes through', async () => {
  const codec = new EncryptionCodec([key('k1')]);
  const [sealed] = await codec.encode([json({ amount: '5000.00' })]);
  const data = Buffer.from(sealed!.data!);
  data[20] = data[20]! ^ 1;
  await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow();
  const plain = json({ recorded: 'before encryption' });
  expect(await codec.decode([plain])).toEqual([plain]);
});

test('G6: keys come from PAYLOAD_KEYS or a key file; bad keys name the variable', () => {
  const entry = newPayloadKeyEntry('k1');
  expect(parsePayloadKeys(`# comment\n${entry}\n`)).toEqual([expect.objectContaining({ id: 'k1' })]);
  expect(loadConfig({ PAYLOAD_KEYS: entry }).payloadEncryption.keys).toHaveLength(1);
  expect(() => loadConfig({ PAYLOAD_KEYS: 'k1=dG9vLXNob3J0' })).toThrow(ConfigError);
  expect(() => loadConfig({ PAYLOAD_KEYS: 'k1=dG9vLXNob3J0' })).toThrow(/PAYLOAD_KEYS.*32/);
  expect(() => loadConfig({ PAYLOAD_KEY_FILE: '/nonexistent/keys' })).toThrow(/PAYLOAD_KEY_FILE.*cannot read/);
  expect(() => loadConfig({ PAYLOAD_KEYS: `${entry},${entry}` })).toThrow(/twice/);
});

test('G6: a process that talks to Temporal without keys refuses to start, unless encryption is switched off on purpose', () => {
  expect(() => dataConverterFor(loadConfig({}))).toThrow(/PAYLOAD_KEYS is required/);
  expect(dataConverterFor(loadConfig({ PAYLOAD_ENCRYPTION: 'false' }))).toEqual({});
  expect(dataConverterFor(loadConfig({ PAYLOAD_KEYS: newPayloadKeyEntry('k1') })).payloadCodecs).toHaveLength(1);
});
