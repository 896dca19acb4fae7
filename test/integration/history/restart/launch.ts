// Real restart check for the history (run with `node out/test/integration/history/restart/launch.js`
// after `npm run build` and `npx tsc -p tsconfig.test.json`). One code-server, two extension-host
// runs over the same user data: phase 1 leaves conversations (one finished, one mid-stream, one
// corrupt file) and ends; phase 2, in a NEW extension host, checks what survived.
import * as fs from 'fs';
import * as path from 'path';
import { exitWith, runHostPhases } from '../../runner/hostPhases';
import { RESTART_STATE_ENV } from './restartState';

exitWith('[restart]', () => {
  let stateFile = '';
  return runHostPhases({
    tag: '[restart]',
    dir: __dirname,
    phases: ['phase1', 'phase2'],
    env: (runDir) => ({ [RESTART_STATE_ENV]: (stateFile = path.join(runDir, 'state.json')) }),
    afterPhase: (name) => (name === 'phase1' && !fs.existsSync(stateFile) ? 'phase 1 left no state' : undefined),
  });
}, 'history survived a real extension-host restart');
