// The people to choose from in a picker: everyone with the role (administrators read the list of
// users), or for a technician the active technicians of today's supervisor report (supervisors
// and managers read it). Anyone else types the person's id.
import { useQuery } from '@tanstack/react-query';
import { may, type Me } from './access';
import { api, unwrap, unwrapJson } from './api/client';
import { companyToday } from './format';
import { useSession } from './session';

export interface PeopleList {
  available: boolean;
  loading: boolean;
  list: Pick<Me, 'id' | 'name'>[];
}

export function usePeople(role?: string): PeopleList {
  const { me } = useSession();
  const fromUsers = may(me, 'GET /api/v1/users');
  const fromReport = !fromUsers && role === 'technician' && may(me, 'GET /api/v1/reports/supervisor-daily');
  const users = useQuery({
    queryKey: ['users', 'all'],
    enabled: fromUsers,
    staleTime: 60_000,
    queryFn: async () => {
      const all: { id: string; name: string; roles: string[]; disabled?: boolean }[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200, cursor } } }));
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < 5000);
      return all;
    },
  });
  const today = companyToday();
  const report = useQuery({
    queryKey: ['supervisor-daily', today],
    enabled: fromReport,
    staleTime: 60_000,
    queryFn: () => unwrapJson(api.GET('/api/v1/reports/supervisor-daily', { params: { query: { date: today } } })),
  });
  if (fromUsers) {
    return {
      available: true,
      loading: users.isLoading,
      list: (users.data ?? []).filter((u) => !u.disabled && (!role || u.roles.includes(role))).map((u) => ({ id: u.id, name: u.name })),
    };
  }
  if (fromReport) {
    return { available: !report.error, loading: report.isLoading, list: (report.data?.technicians ?? []).map((x) => ({ id: x.technician.id, name: x.technician.name })) };
  }
  return { available: false, loading: false, list: [] };
}
