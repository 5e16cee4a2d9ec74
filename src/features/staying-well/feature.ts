import type { Feature } from '../../services.ts';
import { downloadRoutes } from './downloads.ts';
import { offlineRoutes } from './offline.ts';
import { wellbeingRoutes } from './routes.ts';
import { WellbeingPlans } from './service.ts';

/** The staying-well, crisis and safety plans, their PDFs and the copy kept on a device. */
export const stayingWellFeature: Feature = (app, { services }) => {
  const plans = new WellbeingPlans(services);
  wellbeingRoutes(app, plans);
  downloadRoutes(app, plans);
  offlineRoutes(app, plans);
};
