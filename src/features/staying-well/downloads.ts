import type { FastifyInstance, FastifyReply } from 'fastify';
import { ctxOf, ROUTE } from '../../platform/access.ts';
import { whoToCall } from './helplines.ts';
import { CRISIS, SAFETY, STAYING_WELL } from './model.ts';
import { DOWNLOAD_PATHS } from './paths.ts';
import { cardPdf, planPdf } from './pdf.ts';
import { safetyPdf } from './safety-pdf.ts';
import type { WellbeingPlans } from './service.ts';

/** The file is named after the path, never after the person: names stay out of download folders' listings. */
function sendPdf(reply: FastifyReply, path: string, pdf: Buffer): FastifyReply {
  const filename = path.slice(path.lastIndexOf('/') + 1);
  return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${filename}"`).send(pdf);
}

/** The signed-in person's own plans as PDFs: there is no way to ask for anyone else's. */
export function downloadRoutes(app: FastifyInstance, plans: WellbeingPlans): void {
  app.get(DOWNLOAD_PATHS.planPdf, ROUTE.account, async (request, reply) => {
    const viewer = ctxOf(request);
    const me = viewer.me;
    const stayingWell = await plans.of(STAYING_WELL).for(viewer).mine();
    const crisis = await plans.of(CRISIS).for(viewer).mine();
    const { t, htmlLang } = reply.locals;
    const pdf = await planPdf({
      t,
      lang: htmlLang,
      name: me.displayName,
      madeOn: plans.now(),
      stayingWell: stayingWell.content,
      crisis: crisis.content,
    });
    return sendPdf(reply, DOWNLOAD_PATHS.planPdf, pdf);
  });

  app.get(DOWNLOAD_PATHS.cardPdf, ROUTE.account, async (request, reply) => {
    const viewer = ctxOf(request);
    const me = viewer.me;
    const crisis = await plans.of(CRISIS).for(viewer).mine();
    const calls = await whoToCall(plans, viewer);
    const { t, htmlLang } = reply.locals;
    const pdf = await cardPdf({ t, lang: htmlLang, name: me.displayName, madeOn: plans.now(), crisis: crisis.content, calls });
    return sendPdf(reply, DOWNLOAD_PATHS.cardPdf, pdf);
  });

  app.get(DOWNLOAD_PATHS.safetyPdf, ROUTE.account, async (request, reply) => {
    const viewer = ctxOf(request);
    const safety = await plans.of(SAFETY).for(viewer).mine();
    const calls = await whoToCall(plans, viewer, safety.content);
    const { t, htmlLang } = reply.locals;
    const pdf = await safetyPdf({
      t,
      lang: htmlLang,
      name: viewer.me.displayName,
      madeOn: plans.now(),
      safety: safety.content,
      calls,
      lifeline: calls.lifeline,
    });
    return sendPdf(reply, DOWNLOAD_PATHS.safetyPdf, pdf);
  });
}
