import {
  AmountSchema,
  ARTIFACT_LIMITS,
  ArtifactDescriptionSchema,
  ArtifactNameSchema,
  ArtifactNumberSchema,
  ArtifactsCommands,
  BpsSchema,
  EmojiSchema,
  ImageUrlSchema,
  IsoTimeSchema,
  RaritySchema,
  UserIdSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import {
  communityParams,
  defineRoute,
  type Commands,
  IDEMPOTENT_WRITE_ERRORS,
  KEYED_ERRORS,
} from '../http/route';
import { EX } from '../openapi/example.ids';
import { requireActiveMembers } from '../members/member.check';
import { artifactNumber } from './artifact.params';

/** What a new type is: the fields of type.create a caller chooses (the rest come from the route). */
const TypeShape = {
  name: ArtifactNameSchema,
  description: ArtifactDescriptionSchema.optional(),
  emoji: EmojiSchema.optional(),
  imageUrl: ImageUrlSchema.optional(),
  rarity: RaritySchema.optional(),
  /** Left out or null: unlimited. */
  supplyMax: z.int().min(1).max(ARTIFACT_LIMITS.supplyMax).nullable().optional(),
  royaltyBps: BpsSchema(ARTIFACT_LIMITS.royaltyBpsMax).optional(),
};

const hasPicture = (body: { emoji?: string | undefined; imageUrl?: string | undefined }) =>
  body.emoji !== undefined || body.imageUrl !== undefined;
const PICTURE_REQUIRED = { path: ['emoji'], message: 'give an emoji or an imageUrl (or both)' };

const AdminTypeBodySchema = z
  .strictObject({
    /** The member credited as the creator: the royalties of market sales go to them. */
    creatorId: UserIdSchema,
    ...TypeShape,
  })
  .refine(hasPicture, PICTURE_REQUIRED);

const MemberTypeBodySchema = z.strictObject(TypeShape).refine(hasPicture, PICTURE_REQUIRED);

type TypeFields = Omit<z.output<typeof AdminTypeBodySchema>, 'creatorId'>;

function createType(
  commands: Commands,
  request: { requestId: string; communityId: string; creatorId: string; asAdmin: boolean },
  fields: TypeFields,
) {
  return commands.request(ArtifactsCommands.typeCreate, {
    ...request,
    name: fields.name,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    ...(fields.emoji !== undefined ? { emoji: fields.emoji } : {}),
    ...(fields.imageUrl !== undefined ? { imageUrl: fields.imageUrl } : {}),
    ...(fields.rarity !== undefined ? { rarity: fields.rarity } : {}),
    ...(fields.supplyMax !== undefined ? { supplyMax: fields.supplyMax } : {}),
    ...(fields.royaltyBps !== undefined ? { royaltyBps: fields.royaltyBps } : {}),
  });
}

/**
 * Running a community's artifacts from a game or web app: types and the shop. The artifacts service
 * trusts its caller to have checked the role (the bot checks the Telegram admin), so these need the admin
 * scope; a type a member creates and pays for is the one exception (transfer scope, like a purchase).
 */
export const ARTIFACT_ADMIN_ROUTES = [
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/types',
    operationId: 'createArtifactType',
    tag: 'artifacts',
    scope: 'admin',
    summary:
      'Create an artifact type as an admin, for free: name, emoji or https image, rarity, supply and royalty to its creator.',
    description:
      'Requires an Idempotency-Key header: the same key and header create once. creatorId (an active member) receives the royalty of market sales. For a type a member creates and pays for, see POST .../members/{memberId}/artifact-types.',
    params: communityParams(),
    body: AdminTypeBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.typeCreate.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND'],
    examples: {
      ok: {
        body: {
          creatorId: EX.ann,
          name: 'Harbor Lantern',
          description: 'Lit on the night of the regatta.',
          emoji: '🏮',
          rarity: 'rare',
          supplyMax: 25,
          royaltyBps: 500,
        },
      },
      VALIDATION_FAILED: { body: { creatorId: EX.ann, name: 'Harbor Lantern' } },
      IDEMPOTENCY_CONFLICT: { body: { creatorId: EX.ann, name: 'Harbor Lamp', emoji: '🏮' } },
      NOT_FOUND: { body: { creatorId: EX.stranger, name: 'Harbor Lantern', emoji: '🏮' } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.creatorId, field: 'creatorId', in: 'body' },
      ]);
      const { creatorId, ...fields } = body;
      return createType(
        commands,
        {
          requestId: deriveRequestId(key.keyId, 'type-create', idempotencyKey),
          communityId: params.communityId,
          creatorId,
          asAdmin: true,
        },
        fields,
      );
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/members/:memberId/artifact-types',
    operationId: 'createMemberArtifactType',
    tag: 'artifacts',
    scope: 'transfer',
    summary:
      "Create an artifact type for a member who pays the community's creation fee (where members may create types).",
    description:
      "Requires an Idempotency-Key header: the same key and header create (and charge) once. The fee is paid to the treasury through a ledger hold, like a purchase. 403 FORBIDDEN (details.reason member_creation_disabled) where the community's artifact settings do not allow it; not enough tickets is 422.",
    params: communityParams({ memberId: UserIdSchema }),
    body: MemberTypeBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.typeCreate.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'INSUFFICIENT_FUNDS'],
    examples: {
      ok: { params: { memberId: EX.bob }, body: { name: "Bob's Anchor", emoji: '⚓', rarity: 'common' } },
      VALIDATION_FAILED: { params: { memberId: EX.bob }, body: { name: '', emoji: '⚓' } },
      IDEMPOTENCY_CONFLICT: { params: { memberId: EX.bob }, body: { name: "Bob's Compass", emoji: '🧭' } },
      NOT_FOUND: { params: { memberId: EX.stranger }, body: { name: "Bob's Anchor", emoji: '⚓' } },
      INSUFFICIENT_FUNDS: { params: { memberId: EX.cy }, body: { name: "Cy's Kite", emoji: '🪁' } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: params.memberId, field: 'memberId', in: 'path' },
      ]);
      return createType(
        commands,
        {
          requestId: deriveRequestId(key.keyId, 'member-type-create', idempotencyKey),
          communityId: params.communityId,
          creatorId: params.memberId,
          asAdmin: false,
        },
        body,
      );
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/shop',
    operationId: 'addShopItem',
    tag: 'artifacts',
    scope: 'admin',
    summary:
      'Put an artifact type on sale in the shop at a price, with optional stock (null: as the supply allows) and time window.',
    description: 'Requires an Idempotency-Key header: the same key and header add one item.',
    params: communityParams(),
    body: z
      .strictObject({
        typeId: ArtifactNumberSchema,
        price: AmountSchema,
        stock: z.int().min(0).max(ARTIFACT_LIMITS.shopStockMax).nullable().optional(),
        startsAt: IsoTimeSchema.nullable().optional(),
        endsAt: IsoTimeSchema.nullable().optional(),
      })
      .refine(
        (body) =>
          body.startsAt === undefined ||
          body.startsAt === null ||
          body.endsAt === undefined ||
          body.endsAt === null ||
          body.endsAt > body.startsAt,
        { path: ['endsAt'], message: 'must be after startsAt' },
      ),
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.shopAdd.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND'],
    examples: {
      ok: { body: { typeId: EX.goldenTicket, price: 30, stock: 20, endsAt: '2031-12-31T23:00:00Z' } },
      VALIDATION_FAILED: {
        body: {
          typeId: EX.goldenTicket,
          price: 30,
          startsAt: '2031-07-01T00:00:00Z',
          endsAt: '2031-06-01T00:00:00Z',
        },
      },
      IDEMPOTENCY_CONFLICT: { body: { typeId: EX.goldenTicket, price: 35, stock: 20 } },
      NOT_FOUND: { body: { typeId: EX.missing, price: 30 } },
    },
    handle: ({ params, body, key, idempotencyKey, commands }) =>
      commands.request(ArtifactsCommands.shopAdd, {
        requestId: deriveRequestId(key.keyId, 'shop-add', idempotencyKey),
        communityId: params.communityId,
        typeId: body.typeId,
        price: body.price,
        ...(body.stock !== undefined ? { stock: body.stock } : {}),
        ...(body.startsAt !== undefined ? { startsAt: body.startsAt } : {}),
        ...(body.endsAt !== undefined ? { endsAt: body.endsAt } : {}),
      }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/shop/:shopItemId/restock',
    operationId: 'restockShopItem',
    tag: 'artifacts',
    scope: 'admin',
    summary:
      "Add stock to a shop item, or make it unlimited with add: null (never beyond the type's supply).",
    description: 'Requires an Idempotency-Key header: the same key and header add stock once.',
    params: communityParams({ shopItemId: artifactNumber() }),
    body: z.strictObject({ add: z.int().min(1).max(ARTIFACT_LIMITS.shopStockMax).nullable() }),
    idempotent: true,
    response: ArtifactsCommands.shopRestock.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND'],
    examples: {
      ok: { params: { shopItemId: String(EX.shopItemToRestock) }, body: { add: 10 } },
      VALIDATION_FAILED: { params: { shopItemId: String(EX.shopItemToRestock) }, body: { add: 0 } },
      IDEMPOTENCY_CONFLICT: { params: { shopItemId: String(EX.shopItemToRestock) }, body: { add: 5 } },
      NOT_FOUND: { params: { shopItemId: String(EX.missing) }, body: { add: 10 } },
    },
    handle: ({ params, body, key, idempotencyKey, commands }) =>
      commands.request(ArtifactsCommands.shopRestock, {
        requestId: deriveRequestId(key.keyId, 'shop-restock', idempotencyKey),
        communityId: params.communityId,
        shopItemId: params.shopItemId,
        add: body.add,
      }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/shop/:shopItemId/close',
    operationId: 'closeShopItem',
    tag: 'artifacts',
    scope: 'admin',
    summary: 'Take a shop item off sale; purchases already paid are kept.',
    description: 'No Idempotency-Key: closing again answers the closed item and changes nothing.',
    params: communityParams({ shopItemId: artifactNumber() }),
    response: ArtifactsCommands.shopClose.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { shopItemId: String(EX.shopItemToClose) } },
      NOT_FOUND: { params: { shopItemId: String(EX.missing) } },
      VALIDATION_FAILED: { params: { shopItemId: 'first' } },
    },
    handle: ({ params, commands }) =>
      commands.request(ArtifactsCommands.shopClose, {
        communityId: params.communityId,
        shopItemId: params.shopItemId,
      }),
  }),
];
