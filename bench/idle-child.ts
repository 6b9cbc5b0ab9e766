/**
 * Bench child that does nothing but answer `stats`: its event-loop delay over a period is what this machine
 * (scheduler, neighbours) adds to any process, the floor under the event-loop figures of the apps.
 */
import { failStart, sendReady, serveParent } from './lib/child-channel.js';

serveParent({}, async () => {});
// Keep the process alive until the parent stops it.
setInterval(() => {}, 60_000);
sendReady().catch(failStart);
