// Chat panel entry point (browser bundle). Everything else lives in app.ts and its parts.
import { App } from './app';
import { browserClock } from './countdown';
import { hostChannel } from './vscodeApi';

const root = document.getElementById('app') ?? document.body;
const channel = hostChannel();
const app = new App(root, channel, browserClock);
// Only messages from the host page reach this listener; their shape is still checked in App.receive.
window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
// performance.now() here is the time since the page's navigation started: what loading took.
app.start(performance.now());
