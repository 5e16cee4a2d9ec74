// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/build/nhsuk-frontend.min.js';

initAll();

// Asked for with this file's own ?v= so a new version is never hidden behind the year-long cache.
import(`./offline.js${new URL(import.meta.url).search}`).then((offline) => offline.initOffline()).catch(() => undefined);
