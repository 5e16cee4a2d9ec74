import type { FastifyInstance } from 'fastify';
import type { WellbeingPlans } from './service.ts';

// Being written now: the PDF downloads (replaced in the next commit).
export function downloadRoutes(_app: FastifyInstance, _plans: WellbeingPlans): void {
  return undefined;
}
