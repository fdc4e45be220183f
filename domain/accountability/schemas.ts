// zod schemas of the accountability actions and the accounting master data. The API validates
// requests with them; the accountability workflow's update validator parses actions again.
import { z } from 'zod';
import { type ActionInputOf, type ActionOf, ActionSchemas, action } from '../actionSchemas';
import { type MoneySchema, yuanToFen, zFen, zYuanAmount } from '../money';
import { PENALTY_GROUNDS, PENALTY_LEVELS } from './grounds';
import { PERSON_ID_PATTERN, UNIT_PATTERN, normaliseUnit } from './units';
import { SPACE, SPACE_CHARS, text } from '../fields';


/**
 * A unit path as a client may write it: segments of letters, digits, `_`, `-` and spaces, each
 * starting with a letter or digit, separated by `/` (empty segments and spaces around are dropped,
 * spaces inside become `-`, letters are lowered): what `normaliseUnit` turns into a UNIT_PATTERN path.
 */
const UNIT_SEGMENT = `${SPACE}*([A-Za-z0-9][A-Za-z0-9_${SPACE_CHARS}-]*)?`;
export const UNIT_TEXT = new RegExp(`^(${SPACE}*/)*${SPACE}*[A-Za-z0-9][A-Za-z0-9_${SPACE_CHARS}-]*(/${UNIT_SEGMENT})*$`);

/** A unit path such as `manufacturing/section-2/group-3` (see units.ts); normalised to lower case. */
export const zUnit = () =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .meta({ pattern: UNIT_TEXT.source, description: 'a unit path such as manufacturing/section-2/group-3' })
    .transform(normaliseUnit)
    .refine((u) => UNIT_PATTERN.test(u), 'must be a unit path such as manufacturing/section-2/group-3');

export const zPersonId = () =>
  z
    .string()
    .trim()
    .regex(PERSON_ID_PATTERN, 'must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit');


/** Base points as text: more than 0 and at most 100 with at most two decimals, spaces around allowed. */
const SPACES = `${SPACE}*`;
export const BASE_POINTS_TEXT = new RegExp(`^(?!${SPACES}0+(\\.0*)?${SPACES}$)${SPACES}(0*[0-9]{1,2}(\\.[0-9]{1,2})?|0*100(\\.00?)?)${SPACES}$`);

/** Base points with at most two decimals (1.25), more than 0 and at most 100; held as hundredths. */
export const zBasePoints = () =>
  z
    .union([
      z.number().meta({ minimum: 0, exclusiveMinimum: true, maximum: 100, multipleOf: 0.01 }),
      z.string().meta({ pattern: BASE_POINTS_TEXT.source }),
    ])
    .describe('more than 0 and at most 100 with at most two decimals, as a number or a decimal string')
    .transform((value, ctx): number => {
      let centi: number;
      try {
        centi = yuanToFen(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a number with at most two decimals, e.g. 1.25', input: value });
        return z.NEVER;
      }
      if (centi <= 0 || centi > 100_00) {
        ctx.addIssue({ code: 'custom', message: 'must be greater than 0 and at most 100', input: value });
        return z.NEVER;
      }
      return centi;
    });

export const zPenaltyLine = () =>
  z
    .object({
      entry: z.number().int('must be a whole number').min(0, 'must not be negative').max(49, 'must be at most 49'),
      chargeTo: z.union([z.object({ unit: zUnit() }).strict(), z.object({ person: zPersonId() }).strict()]).optional(),
      ground: z.enum(PENALTY_GROUNDS),
      level: z.enum(PENALTY_LEVELS),
      waive: z.boolean().optional(),
      note: text(500).optional(),
    })
    .strict();

/** Every accountability action; `money` reads amounts (yuan from clients, fen in parsed commands). */
const accountabilityActions = <M extends MoneySchema>(money: () => M) => new ActionSchemas({
  /** P2: the GM office names, per responsible party, who is charged, on which ground, at which level. */
  propose: () => action('propose', { lines: z.array(zPenaltyLine()).max(50, 'at most 50 lines'), resale: z.boolean().optional() }),
  /** P2: the GM approves the proposal: the administrative penalty decision (P8's window starts). */
  approve: () => action('approve', {}),
  reject: () => action('reject', { comment: text() }),
  /** P8: the resale outcome; `sold` with the sale and A-grade amounts, `not_sold` with the actual loss if known. */
  record_resale: () =>
    action('record_resale', {
      outcome: z.enum(['sold', 'not_sold']),
      saleAmount: money().optional(),
      aGradeAmount: money().optional(),
      actualLoss: money().optional(),
    }),
  /** P1: HR has published the administrative penalties. */
  publish: () => action('publish', { reference: text(200).optional() }),
});
/** Actions as a client sends them (amounts in yuan). */
export const accountabilityActionSchemas = accountabilityActions(zYuanAmount);
/** Actions as the API forwards them to the workflow, parsed (amounts in fen). */
export const accountabilityCommandSchemas = accountabilityActions(zFen);
type AccountabilityActionFactories = typeof accountabilityActionSchemas extends ActionSchemas<infer F> ? F : never;
export type AccountabilityActionInput = ActionInputOf<AccountabilityActionFactories>;
export type AccountabilityAction = ActionOf<AccountabilityActionFactories>;
export type AccountabilityActionName = AccountabilityAction['action'];

/** Master data: a person's unit and base points (P13), optionally linked to a user of the API. */
export const zPersonBody = () =>
  z
    .object({
      name: text(200),
      unit: zUnit(),
      basePoints: zBasePoints(),
      userId: text(100).nullable().optional(),
    })
    .strict();
export type PersonBody = z.output<ReturnType<typeof zPersonBody>>;

/** Master data: a person's bonuses for a month (P10 performance, P14 efficiency). */
export const zBonusBody = () => z.object({ efficiencyBonus: zYuanAmount(), performanceBonus: zYuanAmount() }).strict();
export type BonusBody = z.output<ReturnType<typeof zBonusBody>>;
