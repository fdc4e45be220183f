// G6: personal data (customer names, phones, addresses; staff pay and penalties) is encrypted in the
// workflow engine's store. Every payload the platform hands Temporal (workflow inputs, Update
// arguments and results, activity inputs and results, query answers) is encrypted with AES-256-GCM
// before it leaves the process, under the active key, whose id travels in the payload's metadata;
// decoding finds the key by that id, so a key is rotated by adding a new active key and keeping the
// old ones until no history needs them. Payloads recorded unencrypted (histories from before) pass
// through unchanged.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { type Config, ConfigError } from '../config';
import type { PayloadKey } from '../config/payloadKeys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const CIPHER = 'AES256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Payloads larger than this are compressed (deflate) before they are encrypted; smaller ones gain nothing. */
const COMPRESS_ABOVE_BYTES = 256;
const COMPRESSION = 'deflate';
const NULL_ENCODING = 'binary/null';

const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly active: PayloadKey;

  /** `keys[0]` encrypts; all of them decrypt. */
  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('payload encryption needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`payload key ${k.id} must be 32 bytes, not ${k.key.length}`);
    this.active = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // A null (an activity or action that answers nothing) carries no data to protect.
      if (text(payload.metadata?.encoding) === NULL_ENCODING && (payload.data?.length ?? 0) === 0) return payload;
      const encoded = temporal.api.common.v1.Payload.encode(payload).finish();
      // Case states and views are repetitive JSON: compressed, the history holds a third of them.
      const compressed = encoded.length > COMPRESS_ABOVE_BYTES;
      const plain = compressed ? deflateRawSync(encoded) : encoded;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCRYPTED_ENCODING),
          'encryption-cipher': Buffer.from(CIPHER),
          'encryption-key-id': Buffer.from(this.active.id),
          ...(compressed ? { 'encryption-compression': Buffer.from(COMPRESSION) } : {}),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.['encryption-key-id']) ?? '';
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`no payload key "${keyId}" is configured: add it to PAYLOAD_KEYS or PAYLOAD_KEY_FILE to read this history`);
      const sealed = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      const compression = text(payload.metadata?.['encryption-compression']);
      if (compression !== undefined && compression !== COMPRESSION) throw new Error(`payload compressed with "${compression}", which this version cannot read`);
      return temporal.api.common.v1.Payload.decode(compression ? inflateRawSync(plain) : plain);
    });
  }
}

/**
 * The data converter of every client, worker and replay: payloads encrypted with the configured
 * keys. A process that talks to Temporal without keys refuses to start, unless encryption was
 * switched off on purpose (PAYLOAD_ENCRYPTION=false).
 */
export function dataConverterFor(config: Pick<Config, 'payloadEncryption'>): DataConverter {
  const { enabled, keys } = config.payloadEncryption;
  if (!enabled) return {};
  if (!keys) throw new ConfigError('PAYLOAD_KEYS', 'is required: set PAYLOAD_KEYS or PAYLOAD_KEY_FILE (or PAYLOAD_ENCRYPTION=false to store payloads unencrypted)');
  return { payloadCodecs: [new EncryptionCodec(keys)] };
}
