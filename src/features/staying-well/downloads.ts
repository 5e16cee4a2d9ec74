import type { FastifyReply } from 'fastify';
import { ctxOf, ROUTE } from '../../platform/access.ts';
import { zip } from '../../platform/zip.ts';
import { whoToCall } from './helplines.ts';
import { CRISIS, SAFETY, STAYING_WELL } from './model.ts';
import { myData } from './my-data.ts';
import { DOWNLOAD_PATHS, MY_DATA_PATH } from './paths.ts';
import { cardPdf, planPdf } from './pdf.ts';
import { safetyPdf } from './safety-pdf.ts';
import type { WellbeingPlans } from './service.ts';
import type { App } from '../../platform/route-schemas.ts';

/** The file is named after the path, never after the person: names stay out of download folders' listings. */
function sendPdf(reply: FastifyReply, path: string, pdf: Buffer): FastifyReply {
  const filename = path.slice(path.lastIndexOf('/') + 1);
  return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${filename}"`).send(pdf);
}

type Viewer = ReturnType<typeof ctxOf>;
type Locals = FastifyReply['locals'];

async function planFile(plans: WellbeingPlans, viewer: Viewer, { t, htmlLang }: Locals): Promise<Buffer> {
  const stayingWell = await plans.of(STAYING_WELL).for(viewer).mine();
  const crisis = await plans.of(CRISIS).for(viewer).mine();
  return planPdf({
    t,
    lang: htmlLang,
    name: viewer.me.displayName,
    madeOn: plans.now(),
    stayingWell: stayingWell.content,
    crisis: crisis.content,
  });
}

async function cardFile(plans: WellbeingPlans, viewer: Viewer, { t, htmlLang }: Locals): Promise<Buffer> {
  const crisis = await plans.of(CRISIS).for(viewer).mine();
  const calls = await whoToCall(plans, viewer);
  return cardPdf({ t, lang: htmlLang, name: viewer.me.displayName, madeOn: plans.now(), crisis: crisis.content, calls });
}

async function safetyFile(plans: WellbeingPlans, viewer: Viewer, { t, htmlLang }: Locals): Promise<Buffer> {
  const safety = await plans.of(SAFETY).for(viewer).mine();
  const calls = await whoToCall(plans, viewer, safety.content);
  return safetyPdf({
    t,
    lang: htmlLang,
    name: viewer.me.displayName,
    madeOn: plans.now(),
    safety: safety.content,
    calls,
    lifeline: calls.lifeline,
  });
}

/** Everything the person has written, as data: the account, every plan with its whole history,
 *  and the record of events about them (the pseudonymous audit trail, addresses left out). */
/** The signed-in person's own plans as PDFs: there is no way to ask for anyone else's. */
export function downloadRoutes(app: App, plans: WellbeingPlans): void {
  app.get(DOWNLOAD_PATHS.planPdf, ROUTE.account, async (request, reply) =>
    sendPdf(reply, DOWNLOAD_PATHS.planPdf, await planFile(plans, ctxOf(request), reply.locals)),
  );
  app.get(DOWNLOAD_PATHS.cardPdf, ROUTE.account, async (request, reply) =>
    sendPdf(reply, DOWNLOAD_PATHS.cardPdf, await cardFile(plans, ctxOf(request), reply.locals)),
  );
  app.get(DOWNLOAD_PATHS.safetyPdf, ROUTE.account, async (request, reply) =>
    sendPdf(reply, DOWNLOAD_PATHS.safetyPdf, await safetyFile(plans, ctxOf(request), reply.locals)),
  );

  // Everything I have written, in one file: the data as JSON and the PDFs a person would carry.
  app.get(MY_DATA_PATH, ROUTE.account, async (request, reply) => {
    const viewer = ctxOf(request);
    const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
    const archive = zip(
      [
        { name: 'my-data.json', data: Buffer.from(JSON.stringify(await myData(plans.s.db, viewer.me.id, plans.now()), null, 2)) },
        { name: name(DOWNLOAD_PATHS.planPdf), data: await planFile(plans, viewer, reply.locals) },
        { name: name(DOWNLOAD_PATHS.cardPdf), data: await cardFile(plans, viewer, reply.locals) },
        { name: name(DOWNLOAD_PATHS.safetyPdf), data: await safetyFile(plans, viewer, reply.locals) },
      ],
      plans.now(),
    );
    return reply
      .type('application/zip')
      .header('Content-Disposition', `attachment; filename="${name(MY_DATA_PATH)}"`)
      .send(archive);
  });
}
