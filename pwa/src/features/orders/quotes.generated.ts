/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type * as Types from '../../graphql/schema-types';

import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The delivery service the customer bought. */
export type DeliveryService =
  /** 经济快递: the cheapest, slowest service (five days when not quoted). */
  | 'ECONOMY'
  /** 保价: standard delivery with the declared value insured; needs a declared value. */
  | 'INSURED'
  /** 次日达: delivered the day after pick-up. */
  | 'NEXT_DAY'
  /** 标准快递: delivered within three days of pick-up. */
  | 'STANDARD'
  /** 定时派送: delivered at the agreed time and window. */
  | 'TIME_SLOT';

/** A province, or a city in it. */
export type PlaceInput = {
  /** City (市), at most 20 characters; leave out for the whole province. */
  city?: string | null | undefined;
  /** Province (省), at most 20 characters. */
  province: string;
};

/** Publish a tariff (a rate change, 运价调整). */
export type PublishTariffInput = {
  /** The first day it applies: today or later. */
  effectiveFrom: string;
  /** Client-generated unique key; a retry returns the first tariff. */
  idempotencyKey: string;
  /** Name, at most 100 characters. */
  name: string;
  /** What it prices and promises. */
  terms: TariffTermsInput;
};

/** What the customer asks about. */
export type QuoteInput = {
  /** Declared value in fen, 0 to the server's cap as at intake (¥100,000 unless configured; BAD_USER_INPUT with extensions.maxFen); more than 0 when insured. */
  declaredValueFen?: number | null | undefined;
  /** Where it goes. */
  destination: PlaceInput;
  /** 易碎. */
  fragile?: boolean | null | undefined;
  /** What is sent; names of dangerous goods are refused (DANGEROUS_GOODS_REFUSED). */
  goodsName: string;
  /** Height in cm. */
  heightCm?: number | null | undefined;
  /** Client-generated unique key; a retry returns the first quote. */
  idempotencyKey: string;
  /** Insure (保价) the declared value. */
  insured?: boolean | null | undefined;
  /** 不可倒置. */
  keepUpright?: boolean | null | undefined;
  /** Length in cm, 0 to 10,000 (BAD_USER_INPUT on dimensions with extensions.maxCm); give all three dimensions or none. */
  lengthCm?: number | null | undefined;
  /** The day it must arrive by (the recommendation is the cheapest that does). */
  neededBy?: string | null | undefined;
  /** Where the parcel starts. */
  origin: PlaceInput;
  /** Signed-receipt return (签回单). */
  receiptReturn?: boolean | null | undefined;
  /** Time-slot delivery (定时派送). */
  timeSlot?: boolean | null | undefined;
  /** Actual weight in kilograms, more than 0 and at most 100,000, as at intake (BAD_USER_INPUT with extensions.maxKg). */
  weightKg: number;
  /** Width in cm. */
  widthCm?: number | null | undefined;
};

/** Why an option is recommended. */
export type QuoteRecommendationReason =
  /** No deadline was given: the cheapest. */
  | 'CHEAPEST'
  /** The cheapest that arrives by the day needed. */
  | 'CHEAPEST_MEETING_DEADLINE'
  /** None arrives by the day needed: the fastest. */
  | 'FASTEST_MISSING_DEADLINE';

/** Why a service cannot carry a parcel. */
export type QuoteRefusalReason =
  /** The route is in no zone, or the service does not serve its zone. */
  | 'NO_SERVICE_TO_AREA'
  /** A side longer than the service carries. */
  | 'OVER_SIZE'
  /** Heavier than the service carries. */
  | 'OVER_WEIGHT'
  /** Time-slot delivery was asked of a service without it. */
  | 'TIME_SLOT_UNAVAILABLE';

/** One service's terms. */
export type TariffServiceInput = {
  /** Volumetric divisor in cm³ per kg, more than 0. */
  divisorCm3PerKg: number;
  /** Longest side in cm; 0 for no limit. */
  maxSideCm: number;
  /** Heaviest parcel in grams; 0 for no limit. */
  maxWeightGrams: number;
  /** Name in English, at most 40 characters. */
  nameEn: string;
  /** Name in Chinese, at most 20 characters. */
  nameZh: string;
  /** Prices per zone. */
  prices: Array<TariffZonePriceInput>;
  /** STANDARD, NEXT_DAY or ECONOMY, each once. */
  service: DeliveryService;
  /** Whether time-slot delivery can be added. */
  timeSlot: boolean;
  /** Transit standards per zone; a zone needs both a price and a transit standard to be served. */
  transit: Array<TariffTransitInput>;
};

/** Fixed surcharges per parcel, in fen, each 0 to 100,000,000 (¥1,000,000; BAD_USER_INPUT with extensions.maxFen). */
export type TariffSurchargesInput = {
  /** Fragile handling. */
  fragileFen: number;
  /** Keep-upright handling. */
  keepUprightFen: number;
  /** The remote areas. */
  remoteAreas: Array<PlaceInput>;
  /** Remote-area surcharge. */
  remoteFen: number;
};

/** What a tariff prices and promises. */
export type TariffTermsInput = {
  /** Cut-off hour, 0 to 23 (0: none). */
  cutOffHour: number;
  /** Services. */
  services: Array<TariffServiceInput>;
  /** Surcharges. */
  surcharges: TariffSurchargesInput;
  /** Value-added services. */
  valueAdded: TariffValueAddedInput;
  /** Zones by origin. */
  zones: Array<TariffZoneInput>;
};

/** A transit-time standard to one zone. */
export type TariffTransitInput = {
  /** Local hour of arrival, 0 to 23. */
  byHour: number;
  /** Working days, 1 to 30. */
  days: number;
  /** The zone's code. */
  zone: string;
};

/** Paid extras; amounts in fen, each 0 to 100,000,000 (¥1,000,000; BAD_USER_INPUT with extensions.maxFen). */
export type TariffValueAddedInput = {
  /** Least premium in fen. */
  insuranceMinimumFen: number;
  /** Insurance premium in basis points of the declared value, 0 to 10,000 (100 %; BAD_USER_INPUT with extensions.maxBp). */
  insuranceRateBp: number;
  /** Signed-receipt return in fen. */
  receiptReturnFen: number;
  /** Time-slot delivery in fen. */
  timeSlotFen: number;
};

/** The destinations one origin prices alike. */
export type TariffZoneInput = {
  /** Zone code, at most 20 characters. */
  code: string;
  /** Where they go. */
  destinations: Array<PlaceInput>;
  /** Where parcels start. */
  origin: PlaceInput;
};

/** A service's price to one zone. */
export type TariffZonePriceInput = {
  /** Price of the first weight in fen, 0 to 100,000,000 (¥1,000,000; BAD_USER_INPUT with extensions.maxFen). */
  firstFen: number;
  /** First weight in grams, more than 0. */
  firstWeightGrams: number;
  /** Minimum freight in fen, 0 to 100,000,000. */
  minimumFen: number;
  /** Price of each started step in fen, 0 to 100,000,000. */
  stepFen: number;
  /** Step of continued weight in grams, more than 0. */
  stepGrams: number;
  /** The zone's code. */
  zone: string;
};

export type QuoteMutationVariables = Exact<{
  input: Types.QuoteInput;
}>;


export type QuoteMutation = { quote: { replayed: boolean, quote: { id: string, zone: string, expiresAt: string, recommendationReason: Types.QuoteRecommendationReason | null, recommendationText: string | null, origin: { province: string, city: string }, destination: { province: string, city: string }, options: Array<{ service: Types.DeliveryService, name: string, arrival: string, meetsDeadline: boolean, breakdown: { chargeableGrams: number, volumetricGrams: number, freightFen: number, remoteFen: number, fragileFen: number, keepUprightFen: number, insuranceFen: number, receiptReturnFen: number, timeSlotFen: number, totalFen: number } }>, refusals: Array<{ service: Types.DeliveryService, name: string, reason: Types.QuoteRefusalReason, message: string }>, recommended: { service: Types.DeliveryService } | null } } };

export type PlacePartsFragment = { province: string, city: string };

export type TariffInEffectQueryVariables = Exact<{
  on?: string | null | undefined;
}>;


export type TariffInEffectQuery = { tariffInEffect: { id: string, name: string, effectiveFrom: string, terms: { cutOffHour: number, zones: Array<{ code: string, origin: { province: string, city: string }, destinations: Array<{ province: string, city: string }> }>, services: Array<{ service: Types.DeliveryService, nameZh: string, nameEn: string, divisorCm3PerKg: number, maxWeightGrams: number, maxSideCm: number, timeSlot: boolean, prices: Array<{ zone: string, firstWeightGrams: number, firstFen: number, stepGrams: number, stepFen: number, minimumFen: number }>, transit: Array<{ zone: string, days: number, byHour: number }> }>, surcharges: { remoteFen: number, fragileFen: number, keepUprightFen: number, remoteAreas: Array<{ province: string, city: string }> }, valueAdded: { insuranceRateBp: number, insuranceMinimumFen: number, receiptReturnFen: number, timeSlotFen: number } } } };

export type PublishTariffMutationVariables = Exact<{
  input: Types.PublishTariffInput;
}>;


export type PublishTariffMutation = { publishTariff: { replayed: boolean, tariff: { id: string, name: string, effectiveFrom: string } } };

export const PlacePartsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PlaceParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Place"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"city"}}]}}]} as unknown as DocumentNode<PlacePartsFragment, unknown>;
export const QuoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Quote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"QuoteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quote"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"quote"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"origin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"city"}}]}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"city"}}]}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"arrival"}},{"kind":"Field","name":{"kind":"Name","value":"meetsDeadline"}},{"kind":"Field","name":{"kind":"Name","value":"breakdown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chargeableGrams"}},{"kind":"Field","name":{"kind":"Name","value":"volumetricGrams"}},{"kind":"Field","name":{"kind":"Name","value":"freightFen"}},{"kind":"Field","name":{"kind":"Name","value":"remoteFen"}},{"kind":"Field","name":{"kind":"Name","value":"fragileFen"}},{"kind":"Field","name":{"kind":"Name","value":"keepUprightFen"}},{"kind":"Field","name":{"kind":"Name","value":"insuranceFen"}},{"kind":"Field","name":{"kind":"Name","value":"receiptReturnFen"}},{"kind":"Field","name":{"kind":"Name","value":"timeSlotFen"}},{"kind":"Field","name":{"kind":"Name","value":"totalFen"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"refusals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommended"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"service"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendationReason"}},{"kind":"Field","name":{"kind":"Name","value":"recommendationText"}}]}}]}}]}}]} as unknown as DocumentNode<QuoteMutation, QuoteMutationVariables>;
export const TariffInEffectDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TariffInEffect"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"on"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tariffInEffect"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"on"},"value":{"kind":"Variable","name":{"kind":"Name","value":"on"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveFrom"}},{"kind":"Field","name":{"kind":"Name","value":"terms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cutOffHour"}},{"kind":"Field","name":{"kind":"Name","value":"zones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"origin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PlaceParts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"destinations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PlaceParts"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"nameZh"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"divisorCm3PerKg"}},{"kind":"Field","name":{"kind":"Name","value":"maxWeightGrams"}},{"kind":"Field","name":{"kind":"Name","value":"maxSideCm"}},{"kind":"Field","name":{"kind":"Name","value":"timeSlot"}},{"kind":"Field","name":{"kind":"Name","value":"prices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"firstWeightGrams"}},{"kind":"Field","name":{"kind":"Name","value":"firstFen"}},{"kind":"Field","name":{"kind":"Name","value":"stepGrams"}},{"kind":"Field","name":{"kind":"Name","value":"stepFen"}},{"kind":"Field","name":{"kind":"Name","value":"minimumFen"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zone"}},{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"byHour"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"surcharges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"remoteFen"}},{"kind":"Field","name":{"kind":"Name","value":"remoteAreas"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PlaceParts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fragileFen"}},{"kind":"Field","name":{"kind":"Name","value":"keepUprightFen"}}]}},{"kind":"Field","name":{"kind":"Name","value":"valueAdded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"insuranceRateBp"}},{"kind":"Field","name":{"kind":"Name","value":"insuranceMinimumFen"}},{"kind":"Field","name":{"kind":"Name","value":"receiptReturnFen"}},{"kind":"Field","name":{"kind":"Name","value":"timeSlotFen"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PlaceParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Place"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"city"}}]}}]} as unknown as DocumentNode<TariffInEffectQuery, TariffInEffectQueryVariables>;
export const PublishTariffDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PublishTariff"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishTariffInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishTariff"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"tariff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveFrom"}}]}}]}}]}}]} as unknown as DocumentNode<PublishTariffMutation, PublishTariffMutationVariables>;