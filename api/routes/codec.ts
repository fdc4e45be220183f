// G6: the payload codec endpoint, so that authorized operators read encrypted workflow histories in
// the Temporal Web UI (its "codec server" setting) and with `temporal workflow show --codec-endpoint
// <PUBLIC_URL>/api/v1/codec --codec-auth "Bearer <token>"`. Auditors and admins only; every use is
// audited. Browsers reach it from the Web UI's origin (CODEC_CORS_ORIGINS).
import type { Payload } from '@temporalio/common';
import { AppError } from '../../domain/errors';
import { EncryptionCodec } from '../../temporal/codec';
import type { RouteModule } from '../context';
import { z } from '../zod';

const base64 = z.string().max(10_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** A payload as Temporal's codec protocol carries it in JSON: metadata values and data in base64. */
const zPayloadJson = z
  .object({
    metadata: z.record(z.string().max(200), base64).optional(),
    data: base64.optional(),
  })
  .strict()
  .openapi('CodecPayload');

const zPayloads = z.object({ payloads: z.array(zPayloadJson).max(10_000) }).strict().openapi('CodecPayloads');
type PayloadJson = z.infer<typeof zPayloadJson>;

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): { metadata: Record<string, string>; data: string } => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const zPayloadsOut = z
  .object({ payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()), data: z.string() }).strict()) })
  .strict();

export const codecRoutes: RouteModule = (routes, deps) => {
  const keys = deps.config.payloadEncryption.keys;
  const codec = keys ? new EncryptionCodec(keys) : null;
  const run = async (direction: 'encode' | 'decode', payloads: PayloadJson[]) => {
    if (!codec) throw new AppError('not_found', 'Payload encryption is switched off: payloads are stored as they are.');
    try {
      return { payloads: (await codec[direction](payloads.map(fromJson))).map(toJson) };
    } catch (err) {
      throw new AppError('invalid_input', `The payloads cannot be ${direction}d: ${(err as Error).message}`, [{ field: 'payloads', message: (err as Error).message }]);
    }
  };
  for (const direction of ['decode', 'encode'] as const) {
    routes.add({
      method: 'post',
      path: `/api/v1/codec/${direction}`,
      summary:
        direction === 'decode'
          ? 'G6: decrypt workflow payloads for an authorized operator (Temporal Web UI and CLI codec server)'
          : 'G6: encrypt payloads with the active key (Temporal Web UI and CLI codec server)',
      tags: ['operations'],
      access: 'user',
      roles: ['auditor', 'admin'],
      audit: true,
      body: zPayloads,
      successStatus: 200,
      response: zPayloadsOut,
      handler: async ({ body }) => ({ status: 200, body: await run(direction, body.payloads) }),
    });
  }
};
