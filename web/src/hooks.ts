// Queries several screens share.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api/client';
import { useSession } from './session';

/** The person's open work, refreshed every few seconds (the header's count and the inbox). */
export function useTasks() {
  const { me } = useSession();
  return useQuery({
    queryKey: ['tasks', me?.id],
    enabled: !!me,
    queryFn: () => unwrap(api.GET('/api/v1/tasks')),
    refetchInterval: 5_000,
    refetchIntervalInBackground: false,
  });
}

/** Notices addressed to one of the person's roles, refreshed with the inbox. */
export function useMyNotices() {
  const { me } = useSession();
  return useQuery({
    queryKey: ['notices', 'mine', me?.id],
    enabled: !!me,
    queryFn: () => unwrap(api.GET('/api/v1/notices', { params: { query: { mine: 'true', limit: 100 } } })),
    refetchInterval: 10_000,
  });
}
