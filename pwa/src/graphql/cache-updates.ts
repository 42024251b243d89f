// Cache updates after mutations, so screens show the result without a refetch.
import type { UpdatesConfig } from '@urql/exchange-graphcache';
import type { RecordAttendanceMutation } from '../features/today/today.generated';

export const cacheUpdates: UpdatesConfig = {
  Mutation: {
    recordAttendance(result, _args, cache) {
      const punch = (result as RecordAttendanceMutation).recordAttendance?.punch;
      if (!punch) return;
      // Today's list (no day argument) gets the punch appended once, in time order.
      const fields = cache.inspectFields('Query').filter((f) => f.fieldName === 'myAttendance');
      for (const field of fields) {
        const day = (field.arguments?.day as string | undefined) ?? null;
        if (day && day !== punch.workDay) continue;
        const key = cache.keyOfEntity({ __typename: 'AttendancePunch', id: punch.id });
        const list = (cache.resolve('Query', field.fieldKey) as string[] | null) ?? [];
        if (!key || list.includes(key)) continue;
        const items = [...list, key]
          .map((k) => ({ k, at: String(cache.resolve(k, 'occurredAt') ?? '') }))
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
          .map((x) => x.k);
        cache.link('Query', field.fieldKey, items);
      }
    },
  },
};
