// A rate change (运价调整) as managers make it: every first-weight, continued-weight and
// minimum price of the tariff in effect moved by a percentage, from a day.
import type { TariffTermsInput } from '../../graphql/schema-types';
import type { TariffInEffectQuery } from './quotes.generated';

type Terms = TariffInEffectQuery['tariffInEffect']['terms'];

/** fen moved by percent, rounded to the nearest fen (halves up). */
export function adjustFen(fen: number, percent: number): number {
  return Math.max(0, Math.round((fen * (100 + percent)) / 100));
}

/** Drops the __typename fields a GraphQL client adds, so the terms can be sent back. */
function plain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(plain) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== '__typename') out[k] = plain(x);
    return out as T;
  }
  return v;
}

/** The terms with every service's prices moved by percent; all else unchanged. */
export function adjustedTerms(terms: Terms, percent: number): TariffTermsInput {
  const t = plain(terms) as unknown as TariffTermsInput;
  return {
    ...t,
    zones: t.zones.map((z) => ({ ...z, origin: { ...z.origin, city: z.origin.city || null }, destinations: z.destinations.map((d) => ({ ...d, city: d.city || null })) })),
    surcharges: { ...t.surcharges, remoteAreas: t.surcharges.remoteAreas.map((d) => ({ ...d, city: d.city || null })) },
    services: t.services.map((s) => ({
      ...s,
      prices: s.prices.map((p) => ({ ...p, firstFen: adjustFen(p.firstFen, percent), stepFen: adjustFen(p.stepFen, percent), minimumFen: adjustFen(p.minimumFen, percent) })),
    })),
  };
}
