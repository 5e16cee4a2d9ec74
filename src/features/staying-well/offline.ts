import type { FastifyInstance } from 'fastify';
import type { WellbeingPlans } from './service.ts';

// Being written now: the offline copy and service worker (replaced in the next commit).
export function offlineRoutes(_app: FastifyInstance, _plans: WellbeingPlans): void {
  return undefined;
}
